// What the reports staff API gives a console: statuses as an enum with labels (対応中 accepted, 400s listing
// the valid ones), times in city time, the list paged by cursor, a report found by the number the resident
// quotes, the original of a duplicate by its number, and the CSV with the internal columns for managers only
// (audited as personal data) while the public export stays as it was.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffWithToken } from '../../src/admin/bootstrap.ts';
import { cityIso } from '../../src/admin/city-time.ts';
import { transact } from '../../src/db/transact.ts';
import { createReportsAdminRoutes } from '../../src/features/reports/admin/index.ts';
import { createReport, loadReportCatalog, type ReportContext } from '../../src/features/reports/index.ts';
import { newPhotoKey, type PhotoStore, type StoredPhoto } from '../../src/features/reports/photos/store.ts';
import { loadCityBoundary } from '../../src/geo/boundary.ts';
import { type AdminTestApp, startAdminTestApp } from '../helpers/admin-app.ts';
import { type AdminAnswer, adminCall } from '../helpers/admin-http.ts';

const INSIDE = { lat: 33.5282, lon: 130.4703 };

let t: AdminTestApp;
let app: FastifyInstance;
let ctx: ReportContext;
let admin: string;
let roadOperator: string;
let roadManager: string;
let roadViewer: string;
let parkManager: string;
const photos = new Map<string, StoredPhoto>();
const store: PhotoStore = {
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

const call = (
  method: string,
  path: string,
  token: string | undefined,
  body?: unknown,
): Promise<AdminAnswer> => adminCall(t.url, method, path, token, body);

async function staff(name: string, scope: string, role: 'viewer' | 'operator' | 'manager') {
  return (
    await createStaffWithToken(app.pg.pool, { name, isAdmin: false, roles: [{ scope, role }], via: 'test' })
  ).token;
}

async function report(
  options: { north?: number; comment?: string; address?: string; category?: string } = {},
): Promise<{ id: string; number: string }> {
  const photoKey = newPhotoKey();
  await store.put(photoKey, Buffer.from([0xff, 0xd8, 0xff, 0xd9]), 'image/jpeg');
  const created = await transact(app.pg.pool, (tx) =>
    createReport(
      tx,
      {
        userId: null,
        category: options.category ?? 'road',
        lat: INSIDE.lat + (options.north ?? 0) / 111_320,
        lon: INSIDE.lon,
        comment: options.comment ?? null,
        address: options.address ?? null,
        photoKeys: [photoKey],
      },
      ctx,
    ),
  );
  return { id: created.id, number: created.number };
}

beforeAll(async () => {
  t = await startAdminTestApp([createReportsAdminRoutes({ store })]);
  app = t.app;
  ctx = { catalog: loadReportCatalog(), boundary: await loadCityBoundary() };
  admin = (await createStaffWithToken(app.pg.pool, { name: 'Admin', isAdmin: true, via: 'test' })).token;
  roadOperator = await staff('Road desk', 'reports:road', 'operator');
  roadManager = await staff('Road manager', 'reports:road', 'manager');
  roadViewer = await staff('Road viewer', 'reports:road', 'viewer');
  parkManager = await staff('Park manager', 'reports:park', 'manager');
});
afterAll(async () => {
  await t?.close();
});

describe('statuses', () => {
  it('accepts the staff label in Japanese or English for the status id', async () => {
    const r = await report({ north: 1 });
    const moved = await call('POST', `/admin/reports/${r.id}/status`, roadOperator, { status: '対応中' });
    expect(moved.status).toBe(200);
    expect((moved.body.report as { status: string }).status).toBe('in_progress');
    // 完了 is what residents see for three statuses; to staff it is done.
    const done = await call('POST', `/admin/reports/${r.id}/status`, roadOperator, { status: '完了' });
    expect((done.body.report as { status: string }).status).toBe('done');
    const back = await call('POST', `/admin/reports/${r.id}/status`, roadOperator, { status: 'In progress' });
    expect((back.body.report as { status: string }).status).toBe('in_progress');
  });

  it('answers an unknown or ambiguous status with 400 listing the valid ones, changing nothing', async () => {
    const r = await report({ north: 2 });
    const unknown = await call('POST', `/admin/reports/${r.id}/status`, roadOperator, { status: '対応済' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toBe(
      'body.status: no status "対応済"; one of received (受付), in_progress (対応中), done (完了), rejected (対応不可), duplicate (重複)',
    );
    const ambiguous = await call('POST', `/admin/reports/${r.id}/status`, roadOperator, {
      status: 'Closed',
      reason: 'x',
    });
    expect(ambiguous.status).toBe(400);
    expect(ambiguous.body.error).toContain('rejected (対応不可), duplicate (重複)');
    expect(await t.query('SELECT status FROM reports WHERE id = $1', [r.id])).toEqual([
      { status: 'received' },
    ]);
    const filtered = await call(
      'GET',
      `/admin/reports?status=${encodeURIComponent('受付,対応中')}`,
      roadViewer,
    );
    expect(filtered.status).toBe(200);
    expect(
      (filtered.body.items as { status: string }[]).every((i) =>
        ['received', 'in_progress'].includes(i.status),
      ),
    ).toBe(true);
  });

  it('lists the statuses as an enum with their labels in the OpenAPI document', async () => {
    const doc = (await (await fetch(`${t.url}/admin/docs/json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const statusRoute = JSON.stringify(doc.paths['/admin/reports/{id}/status']?.post);
    expect(statusRoute).toContain('"enum":["received","in_progress","done","rejected","duplicate"]');
    expect(statusRoute).toContain('in_progress (対応中 / In progress)');
    expect(JSON.stringify(doc.paths['/admin/reports']?.get)).toContain('"format":"date-time"');
  });
});

describe('reading', () => {
  it('answers every time in city time', async () => {
    const r = await report({ north: 3 });
    const [row] = await t.query<{ created_at: Date }>('SELECT created_at FROM reports WHERE id = $1', [r.id]);
    const detail = await call('GET', `/admin/reports/${r.id}`, roadViewer);
    expect(detail.body.createdAt).toBe(cityIso(row?.created_at as Date));
    expect(String(detail.body.createdAt)).toMatch(/\+09:00$/);
    expect((detail.body.events as { at: string }[])[0]?.at).toMatch(/\+09:00$/);
  });

  it('finds a report by the number the resident quotes, for staff of its department only', async () => {
    const r = await report({ north: 4 });
    const digits = String(Number(r.number.slice(1)));
    for (const typed of [r.number, `r${digits}`, digits, `ｒ${r.number.slice(1)}`]) {
      const found = await call('GET', `/admin/reports/by-number/${encodeURIComponent(typed)}`, roadViewer);
      expect(found.status, typed).toBe(200);
      expect(found.body).toMatchObject({ id: r.id, number: r.number });
    }
    expect((await call('GET', `/admin/reports/by-number/${r.number}`, parkManager)).status).toBe(403);
    expect((await call('GET', '/admin/reports/by-number/R999999', admin)).status).toBe(404);
    expect((await call('GET', '/admin/reports/by-number/abc', admin)).status).toBe(400);
  });

  it('names the original of a duplicate by its number as well as its id', async () => {
    const original = await report({ north: 5 });
    const duplicate = await report({ north: 6 });
    const merged = await call('POST', `/admin/reports/${duplicate.id}/merge`, roadOperator, {
      originalId: original.id,
    });
    expect(merged.body.report).toMatchObject({
      duplicateOf: original.id,
      duplicateOfNumber: original.number,
    });
  });

  it('pages the list with limit and cursor, newest first, each report once, the total on every page', async () => {
    const all = await call('GET', '/admin/reports?department=road&limit=1000', roadViewer);
    const expected = (all.body.items as { id: string }[]).map((i) => i.id);
    expect(expected.length).toBeGreaterThan(5);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: AdminAnswer = await call(
        'GET',
        `/admin/reports?department=road&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        roadViewer,
      );
      expect(page.body.total).toBe(expected.length);
      seen.push(...(page.body.items as { id: string }[]).map((i) => i.id));
      cursor = page.body.nextCursor as string | null;
    } while (cursor);
    expect(seen).toEqual(expected);
  });
});

describe('exports', () => {
  it('gives managers the internal columns — the comment, the exact point and address — audited', async () => {
    const r = await report({
      north: 7,
      comment: '家の前の道路に穴 090-1111-2222',
      address: '福岡県春日市原町3丁目1-5 春日ハイツ',
    });
    for (const token of [roadViewer, roadOperator, parkManager]) {
      expect((await call('GET', '/admin/reports/export-internal.csv?department=road', token)).status).toBe(
        403,
      );
    }
    const res = await call('GET', '/admin/reports/export-internal.csv', roadManager);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect([...res.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = res.text.slice(1).split('\r\n');
    expect(lines[0]).toContain('"内容（報告者の記入）"');
    const row = lines.find((line) => line.startsWith(`"${r.number}"`)) ?? '';
    // Not published, yet listed: the file is the department's own.
    expect(row).toContain('"家の前の道路に穴 090-1111-2222"');
    expect(row).toContain('"福岡県春日市原町3丁目1-5 春日ハイツ"');
    expect(row).toContain(`"${INSIDE.lat + 7 / 111_320}"`);
    expect(row).toContain('"受付"');
    const [entry] = await t.query<{ personal_data: boolean; details: { count: number; numbers: string[] } }>(
      `SELECT personal_data, details FROM audit_log WHERE action = 'report.export.internal' ORDER BY id DESC LIMIT 1`,
    );
    expect(entry?.personal_data).toBe(true);
    expect(entry?.details.numbers).toContain(r.number);
    expect(entry?.details.count).toBe(lines.length - 2);
    // The public export leaves out what is not published, and never the comment.
    const open = await call('GET', '/admin/reports/export.csv', roadViewer);
    expect(open.status).toBe(200);
    expect(open.text).not.toContain(r.number);
    expect(open.text).not.toContain('090-1111-2222');
  });
});
