// Reading the national shelter format: the city's GeoJSON files and the same data as CSV (UTF-8 with a BOM, or
// Shift_JIS) give the same rows; a bad file is refused with every problem named by file, row and column.
import { describe, expect, it } from 'vitest';
import { parseShelterFile, ShelterImportError } from '../../src/features/bousai/shelters/parse.ts';
import { parseShelterFiles } from '../../src/features/bousai/shelters/store.ts';
import { csvOf, EVACUATION_SITE_FILE, featuresOf, SHELTER_FILE } from '../helpers/shelter-files.ts';

const bytes = (text: string) => new TextEncoder().encode(text);

function problemsOf(run: () => unknown) {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ShelterImportError);
    return (error as ShelterImportError).problems;
  }
  throw new Error('expected the file to be refused');
}

describe('the shipped files', () => {
  it('read as 86 指定緊急避難場所 with hazard flags and 71 指定避難所 (4 for people needing care)', () => {
    const rows = parseShelterFiles([SHELTER_FILE, EVACUATION_SITE_FILE]);
    const sites = rows.filter((row) => row.kind === 'evacuation_site');
    const shelters = rows.filter((row) => row.kind === 'shelter');
    expect(sites).toHaveLength(86);
    expect(shelters).toHaveLength(71);
    expect(shelters.filter((row) => row.forCare)).toHaveLength(4);
    expect(shelters.every((row) => row.hazards.length === 0)).toBe(true);
    const park = sites.find((row) => row.id === 'E4021800001201');
    expect(park).toMatchObject({
      name: 'ちくし台第２公園',
      address: '福岡県春日市ちくし台2-69',
      latitude: 33.522506,
      longitude: 130.460749,
      hazards: ['landslide', 'earthquake', 'fire', 'inland_flood'],
      site: 'E4021800001',
    });
    // A school (指定避難所) and its grounds (指定緊急避難場所) are one facility.
    expect(rows.find((row) => row.id === 'E4021800006111')?.site).toBe('E4021800006');
    expect(rows.find((row) => row.id === 'E4021800006201')?.site).toBe('E4021800006');
  });

  it('give the same rows as CSV, in UTF-8 with a BOM and in Shift_JIS', () => {
    for (const file of [SHELTER_FILE, EVACUATION_SITE_FILE]) {
      const fromGeo = parseShelterFile(file.name, file.bytes).map(({ source: _s, ...row }) => row);
      const csv = csvOf(featuresOf(file));
      const fromCsv = parseShelterFile('x.csv', bytes(csv)).map(({ source: _s, ...row }) => row);
      expect(fromCsv).toEqual(fromGeo);
      // Shift_JIS, as older exports are: encoded with a reverse table of the decoder.
      const sjis = encodeShiftJis(csv.slice(1));
      expect(sjis).not.toBeNull();
      if (sjis) expect(parseShelterFile('x.csv', sjis).map(({ source: _s, ...row }) => row)).toEqual(fromGeo);
    }
  });
});

/** Shift_JIS bytes of `text` via a reverse table of the platform's decoder (null where ICU lacks it). */
function encodeShiftJis(text: string): Uint8Array | null {
  const decoder = new TextDecoder('shift_jis');
  const table = new Map<string, number[]>();
  for (let lead = 0x81; lead <= 0xfc; lead++) {
    if (lead > 0x9f && lead < 0xe0) continue;
    for (let trail = 0x40; trail <= 0xfc; trail++) {
      if (trail === 0x7f) continue;
      const char = decoder.decode(new Uint8Array([lead, trail]));
      if (char.length === 1 && char !== '\uFFFD' && !table.has(char)) table.set(char, [lead, trail]);
    }
  }
  const out: number[] = [];
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code < 0x80) out.push(code);
    else {
      const pair = table.get(char);
      if (!pair) return null;
      out.push(...pair);
    }
  }
  return new Uint8Array(out);
}

describe('a bad file', () => {
  const sites = featuresOf(EVACUATION_SITE_FILE);

  it('names the row and column of each bad value, and takes nothing from it', () => {
    const broken = structuredClone(sites.slice(0, 5));
    (broken[1] as (typeof broken)[number]).properties.地震 = 'はい';
    (broken[3] as (typeof broken)[number]).geometry.coordinates = [33.52, 130.46];
    const csv = csvOf(broken);
    const problems = problemsOf(() => parseShelterFile('sites.csv', bytes(csv)));
    expect(problems).toEqual([
      { file: 'sites.csv', row: 3, column: '地震', message: '"はい" is not a flag (1 or empty)' },
      { file: 'sites.csv', row: 5, column: '緯度', message: '"130.46" is not a 緯度 in Japan (20–46)' },
      { file: 'sites.csv', row: 5, column: '経度', message: '"33.52" is not a 経度 in Japan (122–154)' },
    ]);
    const geo = JSON.stringify({ type: 'FeatureCollection', features: broken });
    const geoProblems = problemsOf(() => parseShelterFile('sites.geojson', bytes(geo)));
    expect(geoProblems.map((p) => [p.row, p.column])).toEqual([
      [2, '地震'],
      [4, '緯度'],
      [4, '経度'],
    ]);
  });

  it('is refused for a missing column, an empty name, a repeated 共通ID or not being either format', () => {
    const withoutTsunami = csvOf(
      structuredClone(sites.slice(0, 3)).map((feature) => {
        delete feature.properties.津波;
        return feature;
      }),
    );
    expect(problemsOf(() => parseShelterFile('a.csv', bytes(withoutTsunami)))).toContainEqual({
      file: 'a.csv',
      row: 1,
      column: '津波',
      message: 'is missing (every hazard column is needed)',
    });
    const repeated = structuredClone(sites.slice(0, 3));
    (repeated[2] as (typeof repeated)[number]).properties.共通ID = repeated[0]?.properties.共通ID ?? '';
    (repeated[1] as (typeof repeated)[number]).properties['施設・場所名'] = '';
    expect(problemsOf(() => parseShelterFile('b.csv', bytes(csvOf(repeated))))).toEqual([
      { file: 'b.csv', row: 3, column: '施設・場所名', message: 'is empty' },
      { file: 'b.csv', row: 4, column: '共通ID', message: '"E4021800001201" repeats row 2' },
    ]);
    expect(problemsOf(() => parseShelterFile('c.csv', bytes('名前,住所\nA,B\n')))[0]?.message).toMatch(
      /neither a 指定緊急避難場所 file/,
    );
    expect(problemsOf(() => parseShelterFile('d.geojson', bytes('{"type":"Feature"')))[0]?.message).toMatch(
      /not valid JSON/,
    );
    expect(problemsOf(() => parseShelterFile('e.csv', bytes('"共通ID,洪水\n')))[0]?.message).toMatch(
      /not valid CSV/,
    );
  });

  it('is refused when two files hold the same kind or share a 共通ID', () => {
    const problems = problemsOf(() =>
      parseShelterFiles([EVACUATION_SITE_FILE, { name: 'again.csv', bytes: bytes(csvOf(sites)) }]),
    );
    expect(problems[0]).toMatchObject({
      file: 'again.csv',
      message: `holds the same kind as ${EVACUATION_SITE_FILE.name}`,
    });
  });
});
