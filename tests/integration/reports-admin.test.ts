// The 損傷報告 staff API over HTTP: tokens and department scopes (401/403), 400s naming the field, 404s,
// 409 on a refused transition, status pushes to the reporter and me-too residents in their language (one per
// event, queued with the change), notes, department, merge, hide/redact, photo approval and serving,
// publishing and the exact location's approval, the exports (published reports only, coarsened), and the
// audit log (personal-data reads flagged).

import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffWithToken } from '../../src/admin/bootstrap.ts';
import { transact } from '../../src/db/transact.ts';
import { createReportsAdminRoutes } from '../../src/features/reports/admin/index.ts';
import {
  addSupporter,
  createReport,
  loadReportCatalog,
  type ReportCatalog,
  type ReportContext,
} from '../../src/features/reports/index.ts';
import { newPhotoKey, type PhotoStore, type StoredPhoto } from '../../src/features/reports/photos/store.ts';
import { loadCityBoundary } from '../../src/geo/boundary.ts';
import type { LineEmulator } from '../../src/line/emulator/index.ts';
import { type AdminTestApp, startAdminTestApp } from '../helpers/admin-app.ts';
import { type AdminAnswer, adminCall } from '../helpers/admin-http.ts';
import { waitFor } from '../helpers/harness.ts';
import type { TestDatabase } from '../helpers/test-database.ts';

const INSIDE = { lat: 33.5282, lon: 130.4703 };
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 0xff, 0xd9]);

let app: FastifyInstance;
let emulator: LineEmulator;
let db: TestDatabase;
let url: string;
let testApp: AdminTestApp;
let catalog: ReportCatalog;
let ctx: ReportContext;
let admin: string;
let roadOperator: string;
let roadViewer: string;
let roadManager: string;
let parkManager: string;
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

async function startApp(): Promise<void> {
  testApp = await startAdminTestApp([createReportsAdminRoutes({ store: memoryStore })]);
  ({ app, emulator, db, url } = testApp);
}

async function staff(name: string, scope: string, role: 'viewer' | 'operator' | 'manager') {
  return (
    await createStaffWithToken(app.pg.pool, { name, isAdmin: false, roles: [{ scope, role }], via: 'test' })
  ).token;
}

function call(method: string, path: string, token: string | undefined, body?: unknown): Promise<AdminAnswer> {
  return adminCall(url, method, path, token, body);
}

const query = <T>(sql: string, params: unknown[] = []) => testApp.query<T>(sql, params);

const resident = (displayName: string, language?: 'ja' | 'en' | 'ja-easy') =>
  testApp.resident(displayName, language);

/** A report with one stored photo; `north` metres moves it so that reports do not sit on one point. */
async function report(
  userId: string | null,
  options: { category?: string; comment?: string; north?: number } = {},
): Promise<{ id: string; number: string; photoKey: string }> {
  const photoKey = newPhotoKey();
  await memoryStore.put(photoKey, JPEG, 'image/jpeg');
  const created = await transact(app.pg.pool, (tx) =>
    createReport(
      tx,
      {
        userId,
        category: options.category ?? 'road',
        lat: INSIDE.lat + (options.north ?? 0) / 111_320,
        lon: INSIDE.lon,
        comment: options.comment ?? null,
        photoKeys: [photoKey],
      },
      ctx,
    ),
  );
  return { id: created.id, number: created.number, photoKey };
}

async function auditRows(action: string, resourceId?: string) {
  return query<{ action: string; personal_data: boolean; details: Record<string, unknown> }>(
    `SELECT action, personal_data, details FROM audit_log WHERE action = $1 AND ($2::text IS NULL OR resource_id = $2)
      ORDER BY id`,
    [action, resourceId ?? null],
  );
}

const textsOf = (messages: unknown[]) => JSON.stringify(messages);

beforeAll(async () => {
  await startApp();
  catalog = loadReportCatalog();
  ctx = { catalog, boundary: await loadCityBoundary() };
  admin = (await createStaffWithToken(app.pg.pool, { name: 'Admin', isAdmin: true, via: 'test' })).token;
  roadOperator = await staff('Road desk', 'reports:road', 'operator');
  roadViewer = await staff('Road viewer', 'reports:road', 'viewer');
  roadManager = await staff('Road manager', 'reports:road', 'manager');
  parkManager = await staff('Park manager', 'reports:park', 'manager');
});
afterAll(async () => {
  await app?.close();
  await emulator?.close();
  await db?.drop();
});

describe('access', () => {
  it('needs a token (401) and a role on the report’s department (403); unknown reports are 404', async () => {
    const r = await report(await resident('A'), { north: 0 });
    expect((await call('GET', '/admin/reports', undefined)).status).toBe(401);
    expect((await call('GET', `/admin/reports/${r.id}`, parkManager)).status).toBe(403);
    expect(
      (await call('POST', `/admin/reports/${r.id}/status`, roadViewer, { status: 'in_progress' })).status,
    ).toBe(403);
    expect((await call('GET', '/admin/reports/999999999', admin)).status).toBe(404);
    expect((await call('GET', '/admin/reports/abc', admin)).status).toBe(400);
    // Staff of one department see only it, and may not ask for another.
    const parkList = await call('GET', '/admin/reports', parkManager);
    expect(parkList.status).toBe(200);
    expect((parkList.body.items as { department: string }[]).every((i) => i.department === 'park')).toBe(
      true,
    );
    expect((await call('GET', '/admin/reports?department=road', parkManager)).status).toBe(403);
  });

  it('names the field of a bad request (400)', async () => {
    const r = await report(null, { north: 5 });
    const bad = await call('POST', `/admin/reports/${r.id}/status`, admin, { reason: 'x' });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toContain('body.status');
    const badBbox = await call('GET', '/admin/reports?bbox=nonsense', admin);
    expect(badBbox.status).toBe(400);
    expect(badBbox.body.error).toContain('bbox');
  });

  it('answers 400, not 500, to NUL or over-long values in the filters', async () => {
    for (const field of ['category', 'department', 'status', 'text']) {
      for (const path of ['/admin/reports', '/admin/reports/export.csv']) {
        const nul = await call('GET', `${path}?${field}=a%00b`, admin);
        expect(nul.status, `${path} ${field}`).toBe(400);
        // The URL guard answers before any route: NUL anywhere in a URL is refused.
        expect(nul.body.error).toContain('NUL');
      }
      const long = await call('GET', `/admin/reports?${field}=${'a'.repeat(500)}`, admin);
      expect(long.status, field).toBe(400);
    }
    expect((await call('GET', '/admin/reports?text=%E7%A9%B4', admin)).status).toBe(200);
  });
});

describe('reading', () => {
  it('lists with filters and shows a report with photo URLs; reads are audited as personal data', async () => {
    const r = await report(await resident('B'), {
      comment: 'マンホールのふたがずれている 090-1234-5678',
      north: 10,
    });
    const list = await call(
      'GET',
      `/admin/reports?text=${encodeURIComponent('マンホール')}&status=received`,
      roadViewer,
    );
    expect(list.status).toBe(200);
    expect((list.body.items as { number: string }[]).map((i) => i.number)).toEqual([r.number]);
    const far = await call('GET', '/admin/reports?bbox=130.0,33.0,130.1,33.1', roadViewer);
    expect(far.body.total).toBe(0);
    const detail = await call('GET', `/admin/reports/${r.id}`, roadViewer);
    expect(detail.status).toBe(200);
    expect(detail.body.comment).toContain('マンホール');
    expect(detail.body.photos).toEqual([
      {
        key: r.photoKey,
        source: 'reporter',
        public: false,
        url: `/admin/reports/${r.id}/photos/${r.photoKey}`,
      },
    ]);
    expect((detail.body.events as { kind: string }[]).map((e) => e.kind)).toEqual(['created']);
    expect((await auditRows('report.read', r.id)).map((a) => a.personal_data)).toEqual([true]);
    expect((await auditRows('report.list')).every((a) => a.personal_data)).toBe(true);
  });

  it('serves a photo only to staff of the department, audited; checks the key', async () => {
    const r = await report(null, { north: 15 });
    const photo = await call('GET', `/admin/reports/${r.id}/photos/${r.photoKey}`, roadViewer);
    expect(photo.status).toBe(200);
    expect(photo.headers.get('content-type')).toBe('image/jpeg');
    expect(photo.bytes.equals(JPEG)).toBe(true);
    expect((await auditRows('report.photo.read', r.id)).map((a) => [a.personal_data, a.details.key])).toEqual(
      [[true, r.photoKey]],
    );
    expect((await call('GET', `/admin/reports/${r.id}/photos/${r.photoKey}`, parkManager)).status).toBe(403);
    expect((await call('GET', `/admin/reports/${r.id}/photos/..%2F..%2Fetc%2Fpasswd`, admin)).status).toBe(
      400,
    );
    // A real key of another report is not served through this one.
    const other = await report(null, { north: 16 });
    expect((await call('GET', `/admin/reports/${r.id}/photos/${other.photoKey}`, admin)).status).toBe(404);
  });
});

describe('status changes', () => {
  it('tells the reporter and the me-too residents in their language, once per event, and audits it', async () => {
    const reporter = await resident('Reporter', 'en');
    const supporter = await resident('Supporter', 'ja-easy');
    const r = await report(reporter, { north: 20 });
    await transact(app.pg.pool, (tx) => addSupporter(tx, catalog, { reportId: r.id, userId: supporter }));

    const moved = await call('POST', `/admin/reports/${r.id}/status`, roadOperator, {
      status: 'in_progress',
    });
    expect(moved.status).toBe(200);
    expect(moved.body.notified).toBe(2);
    await waitFor(() => emulator.messagesFor(reporter).length === 1, 'the notice to the reporter');
    await waitFor(() => emulator.messagesFor(supporter).length === 1, 'the notice to the supporter');
    expect(textsOf(emulator.messagesFor(reporter))).toContain(`Your report ${r.number}`);
    expect(textsOf(emulator.messagesFor(reporter))).toContain('In progress');
    expect(textsOf(emulator.messagesFor(supporter))).toContain('直（なお）しています');

    // A refused move is 409 and changes, queues and audits nothing.
    const refused = await call('POST', `/admin/reports/${r.id}/status`, roadOperator, { status: 'nonsense' });
    expect(refused.status).toBe(400);
    const pushesBefore = await query('SELECT 1 FROM outbound_messages');
    const rejectedNoReason = await call('POST', `/admin/reports/${r.id}/status`, roadOperator, {
      status: 'rejected',
    });
    expect(rejectedNoReason.status).toBe(400);
    expect(rejectedNoReason.body.error).toContain('reason');
    const done = await call('POST', `/admin/reports/${r.id}/status`, roadOperator, { status: 'done' });
    expect(done.status).toBe(200);
    const again = await call('POST', `/admin/reports/${r.id}/status`, roadOperator, { status: 'received' });
    expect(again.status).toBe(409);
    expect(await query('SELECT 1 FROM outbound_messages')).toHaveLength(pushesBefore.length + 2);
    expect((await auditRows('report.status', r.id)).map((a) => [a.details.to, a.personal_data])).toEqual([
      ['in_progress', true],
      ['done', true],
    ]);
    // One retry key per report, event and resident: four distinct pushes, none repeated.
    const keys = await query<{ retry_key: string }>(
      'SELECT retry_key FROM outbound_messages WHERE to_id = ANY($1::text[])',
      [[reporter, supporter]],
    );
    expect(new Set(keys.map((k) => k.retry_key)).size).toBe(4);
  });

  it('merges a duplicate: its residents are told and follow the original', async () => {
    const first = await report(await resident('First'), { north: 30 });
    const secondReporter = await resident('Second');
    const second = await report(secondReporter, { north: 31 });
    const merged = await call('POST', `/admin/reports/${second.id}/merge`, roadOperator, {
      originalId: first.id,
    });
    expect(merged.status).toBe(200);
    expect((merged.body.report as { status: string }).status).toBe('duplicate');
    await waitFor(() => emulator.messagesFor(secondReporter).length === 1, 'the merge notice');
    expect(textsOf(emulator.messagesFor(secondReporter))).toContain(first.number);
    const supporters = await query('SELECT 1 FROM report_supporters WHERE report_id = $1 AND user_id = $2', [
      first.id,
      secondReporter,
    ]);
    expect(supporters).toHaveLength(1);
    expect(
      (await call('POST', `/admin/reports/${first.id}/merge`, roadOperator, { originalId: first.id })).status,
    ).toBe(409);
  });
});

describe('notes, department, publication', () => {
  it('adds notes and moves the report to a department the staff member also holds', async () => {
    const r = await report(null, { north: 40 });
    expect(
      (await call('POST', `/admin/reports/${r.id}/notes`, roadOperator, { note: '現地確認済み' })).status,
    ).toBe(201);
    // The road desk has no role on parks: handing the report there is refused and nothing changes.
    expect(
      (await call('POST', `/admin/reports/${r.id}/department`, roadOperator, { department: 'park' })).status,
    ).toBe(403);
    const unknown = await call('POST', `/admin/reports/${r.id}/department`, admin, { department: 'nowhere' });
    expect(unknown.status).toBe(400);
    const moved = await call('POST', `/admin/reports/${r.id}/department`, admin, { department: 'park' });
    expect((moved.body.report as { department: string }).department).toBe('park');
    expect((await call('GET', `/admin/reports/${r.id}`, parkManager)).status).toBe(200);
    expect((await auditRows('report.department', r.id)).map((a) => a.details)).toEqual([
      { from: 'road', to: 'park' },
    ]);
    const events = (await call('GET', `/admin/reports/${r.id}`, admin)).body.events as { kind: string }[];
    expect(events.map((e) => e.kind)).toEqual(['created', 'note', 'department']);
  });

  it('hides and redacts (manager only), approves photos (operator), and exports only public fields', async () => {
    const r = await report(await resident('C'), { comment: '山田です 090-0000-0000 家の前', north: 50 });
    expect(
      (await call('POST', `/admin/reports/${r.id}/public-comment`, roadOperator, { publicComment: 'x' }))
        .status,
    ).toBe(403);
    const redacted = await call('POST', `/admin/reports/${r.id}/public-comment`, roadManager, {
      publicComment: '道路の前',
    });
    expect(redacted.status).toBe(200);
    const approved = await call('POST', `/admin/reports/${r.id}/photos/${r.photoKey}/public`, roadOperator, {
      public: true,
    });
    expect((approved.body.report as { photos: { public: boolean }[] }).photos[0]?.public).toBe(true);

    // Not yet published: the open-data exports leave it out.
    expect((await call('GET', '/admin/reports/export.csv', roadViewer)).text).not.toContain(r.number);
    expect((await call('POST', `/admin/reports/${r.id}/publish`, roadOperator)).status).toBe(200);
    const geo = await call('GET', '/admin/reports/export.geojson?department=road', roadViewer);
    expect(geo.status).toBe(200);
    expect(geo.headers.get('content-type')).toContain('application/geo+json');
    expect(geo.text).toContain(r.number);
    expect(geo.text).toContain('道路の前');
    expect(geo.text).not.toContain('090-0000-0000');
    const csv = await call('GET', '/admin/reports/export.csv', roadViewer);
    expect(csv.status).toBe(200);
    expect([...csv.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.text).toContain(r.number);
    expect(csv.text).not.toContain('山田');

    expect((await call('POST', `/admin/reports/${r.id}/hidden`, roadOperator, { hidden: true })).status).toBe(
      403,
    );
    const hidden = await call('POST', `/admin/reports/${r.id}/hidden`, roadManager, {
      hidden: true,
      reason: '個人情報',
    });
    expect((hidden.body.report as { hidden: boolean }).hidden).toBe(true);
    expect((await call('GET', '/admin/reports/export.csv', roadViewer)).text).not.toContain(r.number);
    await call('POST', `/admin/reports/${r.id}/hidden`, roadManager, { hidden: false });
    expect((await call('GET', '/admin/reports/export.csv', roadViewer)).text).toContain(r.number);
    // Each answer shows the report with the reporter's LINE id: audited as personal data.
    expect((await auditRows('report.hide', r.id)).map((a) => a.personal_data)).toEqual([true]);
    expect((await auditRows('report.unhide', r.id)).map((a) => a.personal_data)).toEqual([true]);
    expect((await auditRows('report.redact', r.id)).map((a) => a.personal_data)).toEqual([true]);
  });

  it('publishes after review (operator), approves the exact point (manager), audited; staff keep exact data', async () => {
    const r = await report(await resident('D'), { north: 812.3456 });
    await query('UPDATE reports SET address = $2 WHERE id = $1', [
      r.id,
      '福岡県春日市原町3丁目1-5 春日ハイツ',
    ]);
    const before = await call('GET', `/admin/reports/${r.id}`, roadViewer);
    expect(before.body).toMatchObject({ published: false, publishedAt: null, exactLocationPublic: false });
    const unreviewed = await call('GET', '/admin/reports?published=false', roadViewer);
    expect((unreviewed.body.items as { number: string }[]).map((i) => i.number)).toContain(r.number);

    expect((await call('POST', `/admin/reports/${r.id}/publish`, roadViewer)).status).toBe(403);
    expect((await call('POST', `/admin/reports/${r.id}/publish`, parkManager)).status).toBe(403);
    const published = await call('POST', `/admin/reports/${r.id}/publish`, roadOperator);
    expect(published.status).toBe(200);
    expect(published.body.report).toMatchObject({ published: true, publishedAt: expect.any(String) });
    const listed = await call('GET', '/admin/reports?published=true', roadViewer);
    expect((listed.body.items as { number: string }[]).map((i) => i.number)).toContain(r.number);

    const lat = INSIDE.lat + 812.3456 / 111_320;
    const rowOf = async () =>
      (await call('GET', '/admin/reports/export.csv', roadViewer)).text
        .split('\r\n')
        .find((line) => line.includes(r.number)) ?? '';
    expect(await rowOf()).toContain(`"${Math.round(lat * 1e4) / 1e4}"`);
    expect(await rowOf()).toContain('"春日市原町3丁目"');
    expect(await rowOf()).not.toContain('ハイツ');
    // Staff of the department keep the exact data.
    const detail = await call('GET', `/admin/reports/${r.id}`, roadViewer);
    expect(detail.body).toMatchObject({ lat, address: '福岡県春日市原町3丁目1-5 春日ハイツ' });

    const exact = `/admin/reports/${r.id}/exact-location`;
    expect((await call('POST', exact, roadOperator, { exact: true })).status).toBe(403);
    const approved = await call('POST', exact, roadManager, { exact: true });
    expect(approved.body.report).toMatchObject({ exactLocationPublic: true });
    expect(await rowOf()).toContain(`"${Math.round(lat * 1e6) / 1e6}"`);

    expect((await call('POST', `/admin/reports/${r.id}/unpublish`, roadOperator)).status).toBe(200);
    expect(await rowOf()).toBe('');
    // A hidden report is shown before it is published: publishing it would do nothing.
    await call('POST', `/admin/reports/${r.id}/hidden`, roadManager, { hidden: true });
    const refused = await call('POST', `/admin/reports/${r.id}/publish`, roadOperator);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toContain('hidden');

    expect((await auditRows('report.publish', r.id)).length).toBe(1);
    expect((await auditRows('report.unpublish', r.id)).length).toBe(1);
    expect((await auditRows('report.location', r.id)).map((a) => a.details)).toEqual([{ exact: true }]);
    const events = await call('GET', `/admin/reports/${r.id}`, admin);
    expect((events.body.events as { kind: string }[]).map((e) => e.kind)).toEqual([
      'created',
      'published',
      'location',
      'unpublished',
      'hidden',
    ]);
  });
});

describe('OpenAPI', () => {
  it('documents the reports routes from the same zod schemas', async () => {
    const res = await fetch(`${url}/admin/docs/json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { paths: Record<string, Record<string, { tags?: string[] }>> };
    for (const path of [
      '/admin/reports',
      '/admin/reports/{id}',
      '/admin/reports/{id}/photos/{key}',
      '/admin/reports/{id}/status',
      '/admin/reports/{id}/merge',
      '/admin/reports/{id}/hidden',
      '/admin/reports/{id}/public-comment',
      '/admin/reports/export.csv',
      '/admin/reports/export.geojson',
    ]) {
      expect(Object.values(doc.paths[path] ?? {})[0]?.tags, path).toEqual(['reports']);
    }
  });
});
