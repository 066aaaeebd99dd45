// The exporters as pure functions: GeoJSON per RFC 7946, an Excel-friendly CSV, Open311 GeoReport v2, and
// nothing personal in any of them: only published reports, the address at town level, the point rounded.
import { describe, expect, it } from 'vitest';
import {
  loadReportCatalog,
  open311Services,
  REPORTS_CSV_HEADER,
  type Report,
  toCsv,
  toGeoJSON,
  toOpen311Request,
  toOpen311Requests,
} from '../../src/features/reports/index.ts';

const catalog = loadReportCatalog();
const USER = 'U0123456789abcdef0123456789abcdef';

function report(overrides: Partial<Report>): Report {
  return {
    id: '1',
    number: 'R000001',
    category: 'road',
    department: 'road',
    status: 'received',
    lat: 33.5282,
    lon: 130.4703,
    address: '春日市原町3丁目',
    comment: '鈴木です。電話 090-0000-1111',
    publicComment: null,
    userId: USER,
    hidden: false,
    published: true,
    publishedAt: new Date('2027-04-01T02:00:00Z'),
    exactLocationPublic: false,
    duplicateOf: null,
    photos: [
      { key: 'a'.repeat(32), source: 'reporter', public: false },
      { key: 'b'.repeat(32), source: 'reporter', public: true },
    ],
    supporterCount: 2,
    createdAt: new Date('2027-04-01T01:02:03Z'),
    updatedAt: new Date('2027-04-02T03:04:05Z'),
    closedAt: null,
    ...overrides,
  };
}

const reports = [
  report({}),
  report({
    id: '2',
    number: 'R000002',
    status: 'done',
    publicComment: '=HYPERLINK("x")',
    lon: 130.48,
    lat: 33.52,
  }),
  report({
    id: '3',
    number: 'R000003',
    status: 'duplicate',
    duplicateOf: '1',
    category: 'park',
    department: 'park',
  }),
  report({ id: '4', number: 'R000004', hidden: true, publicComment: 'secret' }),
  report({ id: '5', number: 'R000005', published: false, publishedAt: null, publicComment: 'unreviewed' }),
];
const photoUrl = (key: string) => `https://city.example/photos/${key}.jpg`;

/** Enough of a CSV reader for these rows: every field quoted, no line breaks inside fields. */
function parseCsv(text: string): string[][] {
  return text
    .split('\r\n')
    .filter((line) => line !== '')
    .map((line) =>
      line
        .slice(1, -1)
        .split('","')
        .map((f) => f.replaceAll('""', '"')),
    );
}

describe('GeoJSON', () => {
  const geo = toGeoJSON(reports, catalog, { photoUrl });

  it('is an RFC 7946 FeatureCollection of Points in [lon, lat] order without crs', () => {
    expect(Object.keys(geo)).toEqual(['type', 'features']);
    expect(geo.type).toBe('FeatureCollection');
    expect(geo.features).toHaveLength(3);
    for (const f of geo.features) {
      expect(f.type).toBe('Feature');
      expect(f.geometry.type).toBe('Point');
      const [lon, lat] = f.geometry.coordinates;
      expect(lon).toBeGreaterThan(129);
      expect(lat).toBeLessThan(34);
      expect(['string', 'number']).toContain(typeof f.id);
    }
    expect(geo.features[1]?.geometry.coordinates).toEqual([130.48, 33.52]);
    expect(JSON.parse(JSON.stringify(geo))).toEqual(geo);
  });

  it('carries public properties only', () => {
    expect(geo.features[0]?.properties).toMatchObject({
      number: 'R000001',
      statusLabel: '受付',
      description: null,
      photos: [photoUrl('b'.repeat(32))],
      createdAt: '2027-04-01T10:02:03+09:00',
    });
    expect(geo.features[2]?.properties).toMatchObject({ statusLabel: '完了', duplicateOf: 'R000001' });
  });
});

describe('CSV', () => {
  const csv = toCsv(reports, catalog);

  it('starts with a BOM, ends lines with CRLF, and neutralizes formulas', () => {
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(Buffer.from(csv, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const lines = csv.slice(1).split('\r\n');
    expect(lines.at(-1)).toBe('');
    expect(lines).toHaveLength(5);
    const rows = parseCsv(csv.slice(1));
    expect(rows[0]).toEqual([...REPORTS_CSV_HEADER]);
    expect(rows[1]?.slice(0, 4)).toEqual(['R000001', '道路の穴・段差', '道路・河川担当', '受付']);
    expect(rows[2]?.[7]?.startsWith('=')).toBe(false);
    expect(rows[1]?.[11]).toBe('2027-04-01 10:02');
  });
});

describe('Open311 GeoReport v2', () => {
  it('lists one service per category', () => {
    const services = open311Services(catalog);
    expect(services.map((s) => s.service_code)).toEqual(catalog.categories.map((c) => c.id));
    expect(services[0]).toEqual({
      service_code: 'road',
      service_name: '道路の穴・段差',
      description: expect.any(String),
      metadata: false,
      type: 'realtime',
      keywords: '',
      group: '道路・河川担当',
    });
    expect(open311Services(catalog, 'en')[0]?.service_name).toBe('Pothole or broken road');
  });

  it('maps reports to requests with open/closed and public fields only', () => {
    const requests = toOpen311Requests(reports, catalog, { photoUrl });
    expect(requests.map((r) => [r.service_request_id, r.status])).toEqual([
      ['R000001', 'open'],
      ['R000002', 'closed'],
      ['R000003', 'closed'],
    ]);
    expect(requests[0]).toEqual({
      service_request_id: 'R000001',
      status: 'open',
      service_code: 'road',
      service_name: '道路の穴・段差',
      description: null,
      agency_responsible: '道路・河川担当',
      requested_datetime: '2027-04-01T10:02:03+09:00',
      updated_datetime: '2027-04-02T12:04:05+09:00',
      address: '春日市原町3丁目',
      lat: 33.5282,
      long: 130.4703,
      media_url: photoUrl('b'.repeat(32)),
    });
    expect(toOpen311Request(reports[3] as Report, catalog)).toBeNull();
    expect(toOpen311Request(report({ photos: [] }), catalog, { photoUrl })).not.toHaveProperty('media_url');
  });
});

describe('location', () => {
  const exact = { lat: 33.5282137, lon: 130.4703561, address: '福岡県春日市原町3丁目1-5 春日ハイツ201' };

  it('is published rounded to ~10 m and at town level until staff approve the exact point', () => {
    const [coarse] = toOpen311Requests([report(exact)], catalog);
    expect(coarse).toMatchObject({ lat: 33.5282, long: 130.4704, address: '春日市原町3丁目' });
    const [approved] = toOpen311Requests([report({ ...exact, exactLocationPublic: true })], catalog);
    expect(approved).toMatchObject({ lat: 33.528214, long: 130.470356, address: '春日市原町3丁目' });
    const feature = toGeoJSON([report(exact)], catalog).features[0];
    expect(feature?.geometry.coordinates).toEqual([130.4704, 33.5282]);
    expect(feature?.properties.address).toBe('春日市原町3丁目');
    const row = parseCsv(toCsv([report(exact)], catalog).slice(1))[1];
    expect(row?.slice(4, 7)).toEqual(['33.5282', '130.4704', '春日市原町3丁目']);
    for (const text of [JSON.stringify(coarse), JSON.stringify(feature), toCsv([report(exact)], catalog)]) {
      expect(text).not.toContain('1-5');
      expect(text).not.toContain('ハイツ');
    }
  });

  it('publishes no title the resident chose', () => {
    const [titled] = toOpen311Requests([report({ address: '山田さんの家の前' })], catalog);
    expect(titled?.address).toBeNull();
  });
});

describe('personal data', () => {
  it('appears in no export', () => {
    const outputs = [
      JSON.stringify(toGeoJSON(reports, catalog, { photoUrl })),
      toCsv(reports, catalog),
      JSON.stringify(toOpen311Requests(reports, catalog, { photoUrl })),
    ];
    for (const text of outputs) {
      expect(text).not.toContain(USER);
      expect(text).not.toContain('090-0000-1111');
      expect(text).not.toContain('鈴木');
      expect(text).not.toContain('a'.repeat(32));
      expect(text).not.toContain('R000004');
      expect(text).not.toContain('secret');
      expect(text).not.toContain('R000005');
      expect(text).not.toContain('unreviewed');
    }
  });
});
