// The shipped 春日市 shelter files, and the same data written as the national CSV (for import tests).
import { readFileSync } from 'node:fs';
import { DEFAULT_SHELTER_FILES } from '../../src/features/bousai/shelters/store.ts';

export interface GeoShelter {
  geometry: { type: 'Point'; coordinates: [number, number] };
  properties: Record<string, string | number | null>;
}

export const [SHELTER_FILE, EVACUATION_SITE_FILE] = DEFAULT_SHELTER_FILES.map((url) => ({
  name: url.pathname.slice(url.pathname.lastIndexOf('/') + 1),
  bytes: readFileSync(url),
})) as [{ name: string; bytes: Buffer }, { name: string; bytes: Buffer }];

export function featuresOf(file: { bytes: Buffer }): GeoShelter[] {
  return (JSON.parse(file.bytes.toString('utf8')) as { features: GeoShelter[] }).features;
}

const quote = (value: unknown) => {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

/** The GeoJSON features as a CSV with 緯度/経度 columns, as the national CSV download has them. */
export function csvOf(features: readonly GeoShelter[]): string {
  const keys = Object.keys(features[0]?.properties ?? {});
  const header = [...keys, '緯度', '経度'];
  const lines = features.map((feature) =>
    [
      ...keys.map((key) => feature.properties[key]),
      feature.geometry.coordinates[1],
      feature.geometry.coordinates[0],
    ]
      .map(quote)
      .join(','),
  );
  return `\uFEFF${[header.join(','), ...lines].join('\r\n')}\r\n`;
}
