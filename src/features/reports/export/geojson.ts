// The reports as GeoJSON (RFC 7946): a FeatureCollection of Points in [longitude, latitude] order (WGS 84,
// no "crs" member), with only the public properties (see public.ts).
import type { ReportCatalog } from '../catalog/catalog.ts';
import type { Report } from '../types.ts';
import { cityIso, publicReports } from './public.ts';

export interface GeoJsonFeature {
  type: 'Feature';
  id: string;
  geometry: { type: 'Point'; coordinates: [number, number] };
  properties: Record<string, string | number | boolean | null | string[]>;
}

export interface GeoJsonFeatureCollection {
  type: 'FeatureCollection';
  features: GeoJsonFeature[];
}

export function toGeoJSON(
  reports: Report[],
  catalog: ReportCatalog,
  options: { photoUrl?: (key: string) => string } = {},
): GeoJsonFeatureCollection {
  return {
    type: 'FeatureCollection',
    features: publicReports(reports, catalog).map((r) => ({
      type: 'Feature',
      id: r.number,
      geometry: { type: 'Point', coordinates: [r.lon, r.lat] },
      properties: {
        number: r.number,
        category: r.category,
        categoryName: r.categoryName,
        department: r.department,
        departmentName: r.departmentName,
        status: r.status,
        statusLabel: r.statusLabel,
        closed: r.closed,
        address: r.address,
        description: r.description,
        photos: options.photoUrl ? r.photoKeys.map(options.photoUrl) : [],
        supporterCount: r.supporterCount,
        duplicateOf: r.duplicateOfNumber,
        createdAt: cityIso(r.createdAt),
        updatedAt: cityIso(r.updatedAt),
      },
    })),
  };
}
