// Open311 GeoReport v2 at /open311/v2 over HTTP: services, requests with their filters, one request, and
// POST with an API key (form or JSON) creating a report with no LINE user; no personal data ever leaves:
// only published reports, at town level and rounded unless staff approved the exact point; NUL is a 400.
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import databasePlugin from '../../src/db/plugin.ts';
import { transact } from '../../src/db/transact.ts';
import {
  createReport,
  findReportByNumber,
  loadReportCatalog,
  type ReportContext,
  redactComment,
  setExactLocationPublic,
  setHidden,
  setPhotoPublic,
  setPublished,
} from '../../src/features/reports/index.ts';
import { open311Routes } from '../../src/features/reports/open311/index.ts';
import { mediaUrl } from '../../src/features/reports/open311/media.ts';
import type { PhotoStore, StoredPhoto } from '../../src/features/reports/photos/store.ts';
import { newPhotoKey } from '../../src/features/reports/photos/store.ts';
import { loadCityBoundary } from '../../src/geo/boundary.ts';
import { installErrorHandler } from '../../src/http/error-handler.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts';
import { newUserId } from '../helpers/webhook-events.ts';

const API_KEY = 'partner-key-0123456789abcdef';
const INSIDE = { lat: 33.5282, lon: 130.4703 };
const OUTSIDE = { lat: 33.5902, lon: 130.4017 };

const PUBLIC_BASE_URL = 'https://line.city.example.jp/';
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 0xff, 0xd9]);
const photos = new Map<string, StoredPhoto>();
const memoryStore: PhotoStore = {
  async put(key, bytes, contentType) {
    photos.set(key, { bytes: Buffer.from(bytes), contentType });
  },
  async get(key) {
    return photos.get(key) ?? null;
  },
  async delete(key) {
    photos.delete(key);
  },
};

let app: FastifyInstance;
let db: TestDatabase;
let url: string;
let ctx: ReportContext;

async function get(path: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${url}${path}`);
  return { status: res.status, body: await res.json() };
}

async function post(
  body: Record<string, string>,
  form = true,
): Promise<{ status: number; body: { code?: number; description?: string; service_request_id?: string }[] }> {
  const res = await fetch(`${url}/open311/v2/requests.json`, {
    method: 'POST',
    headers: { 'content-type': form ? 'application/x-www-form-urlencoded' : 'application/json' },
    body: form ? new URLSearchParams(body).toString() : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as never };
}

async function residentReport(comment: string, north: number, address?: string) {
  const userId = newUserId();
  await app.pg.pool.query('INSERT INTO line_users (user_id, language) VALUES ($1, $2)', [userId, 'ja']);
  return transact(app.pg.pool, (tx) =>
    createReport(
      tx,
      {
        userId,
        category: 'road',
        lat: INSIDE.lat + north / 111_320,
        lon: INSIDE.lon,
        comment,
        ...(address ? { address } : {}),
        photoKeys: [newPhotoKey()],
      },
      ctx,
    ),
  );
}

const publish = (reportId: string, published = true) =>
  transact(app.pg.pool, (tx) => setPublished(tx, { reportId, published, staffId: null }));

beforeAll(async () => {
  db = await createTestDatabase();
  const config = loadConfig({
    ...(db.databaseUrl ? { DATABASE_URL: db.databaseUrl } : {}),
    DATA_DIR: db.dataDir,
    LOG_LEVEL: 'silent',
    OPEN311_API_KEYS: `other-key-000000000000, ${API_KEY}`,
  });
  ctx = { catalog: loadReportCatalog(), boundary: await loadCityBoundary() };
  // No plugin deadline, as in the app: creating the database on a busy machine may take over 10 s.
  app = Fastify({ logger: false, pluginTimeout: 0 });
  installErrorHandler(app);
  await app.register(databasePlugin, { config });
  await app.register(open311Routes, {
    apiKeys: config.open311ApiKeys,
    catalog: ctx.catalog,
    store: memoryStore,
    publicBaseUrl: PUBLIC_BASE_URL,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
afterAll(async () => {
  await app?.close();
  await db?.drop();
});

describe('Open311 GeoReport v2', () => {
  it('serves a photo as media_url only once staff approved it, and never for a hidden report', async () => {
    const report = await residentReport('穴', 300);
    const key = report.photos[0]?.key as string;
    await memoryStore.put(key, JPEG, 'image/jpeg');
    const media = `/open311/v2/media/${key}.jpg`;
    const requestOf = async () => {
      const res = await get(`/open311/v2/requests/${report.number}.json`);
      return res.status === 200 ? (res.body as Record<string, unknown>[])[0] : undefined;
    };

    await transact(app.pg.pool, (tx) =>
      setPhotoPublic(tx, { reportId: report.id, photoKey: key, public: true, staffId: null }),
    );
    // An approved photo of a report not yet published is not public either.
    expect(await requestOf()).toBeUndefined();
    expect((await fetch(`${url}${media}`)).status).toBe(404);
    await publish(report.id);
    await transact(app.pg.pool, (tx) =>
      setPhotoPublic(tx, { reportId: report.id, photoKey: key, public: false, staffId: null }),
    );
    expect(await requestOf()).not.toHaveProperty('media_url');
    expect((await fetch(`${url}${media}`)).status).toBe(404);

    await transact(app.pg.pool, (tx) =>
      setPhotoPublic(tx, { reportId: report.id, photoKey: key, public: true, staffId: null }),
    );
    expect((await requestOf())?.media_url).toBe(`https://line.city.example.jp${media}`);
    expect(mediaUrl(PUBLIC_BASE_URL, key)).toBe(`https://line.city.example.jp${media}`);
    const served = await fetch(`${url}${media}`);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await served.arrayBuffer())).toEqual(JPEG);

    await transact(app.pg.pool, (tx) => setHidden(tx, { reportId: report.id, hidden: true, staffId: null }));
    expect((await fetch(`${url}${media}`)).status).toBe(404);
    expect((await fetch(`${url}/open311/v2/media/${'f'.repeat(32)}.jpg`)).status).toBe(404);
    expect((await fetch(`${url}/open311/v2/media/..%2Fetc.jpg`)).status).toBe(404);
  });

  it('lists the services (one per active category)', async () => {
    const { status, body } = await get('/open311/v2/services.json');
    expect(status).toBe(200);
    const services = body as { service_code: string; service_name: string; metadata: boolean }[];
    expect(services.map((s) => s.service_code)).toContain('road');
    expect(services.every((s) => s.metadata === false)).toBe(true);
    const en = (await get('/open311/v2/services.json?locale=en')).body as { service_name: string }[];
    expect(en.map((s) => s.service_name)).toContain('Pothole or broken road');
  });

  it('shows requests without personal data, leaves hidden ones out, and filters', async () => {
    const report = await residentReport('田中 090-1111-2222 宅の前に穴', 0);
    await transact(app.pg.pool, (tx) =>
      redactComment(tx, { reportId: report.id, publicComment: '道路に穴', staffId: null }),
    );
    await publish(report.id);
    const one = await get(`/open311/v2/requests/${report.number}.json`);
    expect(one.status).toBe(200);
    const [request] = one.body as Record<string, unknown>[];
    expect(request).toMatchObject({
      service_request_id: report.number,
      status: 'open',
      service_code: 'road',
      description: '道路に穴',
    });
    const all = JSON.stringify((await get('/open311/v2/requests.json')).body);
    expect(all).toContain(report.number);
    expect(all).not.toContain('090-1111-2222');
    expect(all).not.toContain(report.userId as string);

    expect(((await get('/open311/v2/requests.json?status=closed')).body as unknown[]).length).toBe(0);
    expect(
      JSON.stringify((await get('/open311/v2/requests.json?status=open&service_code=road')).body),
    ).toContain(report.number);
    expect(((await get('/open311/v2/requests.json?service_code=park')).body as unknown[]).length).toBe(0);
    expect(((await get('/open311/v2/requests.json?end_date=2020-01-01')).body as unknown[]).length).toBe(0);
    const byId = (await get(`/open311/v2/requests.json?service_request_id=${report.number},R999999`)).body;
    expect((byId as { service_request_id: string }[]).map((r) => r.service_request_id)).toEqual([
      report.number,
    ]);

    const bad = await get('/open311/v2/requests.json?start_date=yesterday');
    expect(bad.status).toBe(400);
    expect((bad.body as { description: string }[])[0]?.description).toContain('start_date');
    expect((await get('/open311/v2/requests.json?status=maybe')).status).toBe(400);

    await transact(app.pg.pool, (tx) => setHidden(tx, { reportId: report.id, hidden: true, staffId: null }));
    expect((await get(`/open311/v2/requests/${report.number}.json`)).status).toBe(404);
    expect(JSON.stringify((await get('/open311/v2/requests.json')).body)).not.toContain(report.number);
    expect((await get('/open311/v2/requests/nonsense.json')).status).toBe(404);
  });

  it('creates a request with an API key (form or JSON) and no LINE user', async () => {
    const created = await post({
      api_key: API_KEY,
      service_code: 'road',
      lat: String(INSIDE.lat),
      long: String(INSIDE.lon),
      description: 'ガードレールが曲がっている',
      address_string: '春日市役所前',
    });
    expect(created.status).toBe(201);
    const number = created.body[0]?.service_request_id as string;
    expect(number).toMatch(/^R\d+$/);
    const report = await findReportByNumber(app.pg.pool, number);
    expect(report).toMatchObject({ userId: null, category: 'road', address: '春日市役所前', photos: [] });
    // The partner's text is treated like a resident's: staff review the report and approve what is published.
    expect(report?.comment).toBe('ガードレールが曲がっている');
    expect(report?.published).toBe(false);
    expect((await get(`/open311/v2/requests/${number}.json`)).status).toBe(404);
    await publish(report?.id as string);
    const shown = (await get(`/open311/v2/requests/${number}.json`)).body as Record<string, unknown>[];
    expect(shown[0]).toMatchObject({ description: null, address: null });

    const json = await post(
      { api_key: API_KEY, service_code: 'road', lat: String(INSIDE.lat), long: String(INSIDE.lon) },
      false,
    );
    expect(json.status).toBe(201);
  });

  it('refuses a missing or wrong key (403) and names the bad field (400/422)', async () => {
    const base = { service_code: 'road', lat: String(INSIDE.lat), long: String(INSIDE.lon) };
    expect((await post(base)).status).toBe(403);
    expect((await post({ ...base, api_key: 'wrong-key-0000000000000' })).status).toBe(403);
    const noCode = await post({ ...base, api_key: API_KEY, service_code: '' });
    expect(noCode.status).toBe(400);
    expect(noCode.body[0]?.description).toContain('service_code');
    const unknown = await post({ ...base, api_key: API_KEY, service_code: 'nope' });
    expect(unknown.status).toBe(400);
    expect(unknown.body[0]?.description).toContain('service_code');
    const noPoint = await post({ api_key: API_KEY, service_code: 'road', address_string: '春日' });
    expect(noPoint.status).toBe(400);
    expect(noPoint.body[0]?.description).toContain('lat');
    const outside = await post({
      ...base,
      api_key: API_KEY,
      lat: String(OUTSIDE.lat),
      long: String(OUTSIDE.lon),
    });
    expect(outside.status).toBe(422);
    expect(outside.body[0]).toMatchObject({ code: 422 });
    const count = await app.pg.pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM reports WHERE user_id IS NULL',
    );
    expect(count.rows[0]?.n).toBe(2);
  });

  it('publishes a report only after staff review: at town level, rounded, exact once approved', async () => {
    const comment = '自宅前です。山田 090-3333-4444';
    const report = await residentReport(comment, 700.37, '福岡県春日市原町3丁目1-5 山田ハイツ');
    const one = `/open311/v2/requests/${report.number}.json`;
    const listed = async () =>
      ((await get('/open311/v2/requests.json')).body as { service_request_id: string }[]).find(
        (r) => r.service_request_id === report.number,
      );

    expect((await get(one)).status).toBe(404);
    expect(await listed()).toBeUndefined();
    expect((await get(`/open311/v2/requests.json?service_request_id=${report.number}`)).body).toEqual([]);

    await publish(report.id);
    const coarse = ((await get(one)).body as Record<string, unknown>[])[0];
    expect(coarse).toMatchObject({
      service_request_id: report.number,
      address: '春日市原町3丁目',
      lat: Math.round(report.lat * 1e4) / 1e4,
      long: Math.round(report.lon * 1e4) / 1e4,
    });
    expect(coarse?.lat).not.toBe(Math.round(report.lat * 1e6) / 1e6);
    expect(await listed()).toEqual(coarse);

    await transact(app.pg.pool, (tx) =>
      setExactLocationPublic(tx, { reportId: report.id, exact: true, staffId: null }),
    );
    expect(((await get(one)).body as Record<string, unknown>[])[0]).toMatchObject({
      address: '春日市原町3丁目',
      lat: Math.round(report.lat * 1e6) / 1e6,
      long: Math.round(report.lon * 1e6) / 1e6,
    });
    const everything = JSON.stringify([(await get(one)).body, (await get('/open311/v2/requests.json')).body]);
    for (const secret of ['090-3333-4444', '自宅前', '山田', '1-5', report.userId as string]) {
      expect(everything).not.toContain(secret);
    }

    await publish(report.id, false);
    expect((await get(one)).status).toBe(404);
    expect(await listed()).toBeUndefined();
  });

  it('looks up service_request_id lists in one query, and refuses more than 200 numbers', async () => {
    const a = await residentReport('a', 800);
    const b = await residentReport('b', 810);
    await publish(a.id);
    await publish(b.id);
    const unknown = Array.from({ length: 148 }, (_, i) => `R9${String(i).padStart(6, '0')}`);
    const ids = [b.number, ...unknown, a.number].join(',');
    const spy = vi.spyOn(app.pg.pool, 'query');
    try {
      const found = await get(`/open311/v2/requests.json?service_request_id=${ids}`);
      expect(found.status).toBe(200);
      expect((found.body as { service_request_id: string }[]).map((r) => r.service_request_id)).toEqual([
        b.number,
        a.number,
      ]);
      expect(spy).toHaveBeenCalledTimes(1);
    } finally {
      spy.mockRestore();
    }
    const tooMany = Array.from({ length: 201 }, (_, i) => `R${String(i).padStart(6, '0')}`).join(',');
    const refused = await get(`/open311/v2/requests.json?service_request_id=${tooMany}`);
    expect(refused.status).toBe(400);
    expect((refused.body as { description: string }[])[0]?.description).toContain('200');
  });

  it('answers 400, not 500, to NUL or other control characters in any parameter', async () => {
    for (const query of [
      'service_code=%00',
      'status=open%00',
      'start_date=2027-01-01%00',
      'service_request_id=R000001%00',
      'service_code=road&service_code=park',
    ]) {
      const res = await get(`/open311/v2/requests.json?${query}`);
      expect(res.status, query).toBe(400);
      expect((res.body as { code: number }[])[0]?.code).toBe(400);
    }
    expect((await get('/open311/v2/services.json?locale=%00')).status).toBe(400);
    const posted = await post({
      api_key: API_KEY,
      service_code: 'road',
      lat: String(INSIDE.lat),
      long: String(INSIDE.lon),
      description: 'a\u0000b',
    });
    expect(posted.status).toBe(400);
    expect(posted.body[0]?.description).toContain('description');
    const multiLine = await post({
      api_key: API_KEY,
      service_code: 'road',
      lat: String(INSIDE.lat),
      long: String(INSIDE.lon),
      description: '一行目\n二行目',
    });
    expect(multiLine.status).toBe(201);
  });
});
