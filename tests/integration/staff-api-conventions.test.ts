// The conventions a staff console relies on, across the features' staff APIs: GET /admin/meta lists every
// status-like value with its ja/en labels; timestamps come in city time; every list pages with limit +
// cursor into { items, nextCursor }; roles and segment statuses take their labels too.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffWithToken } from '../../src/admin/bootstrap.ts';
import { cityIso } from '../../src/admin/city-time.ts';
import { createChildcareAdminRoutes } from '../../src/features/childcare/admin/index.ts';
import { createReportsAdminRoutes } from '../../src/features/reports/admin/index.ts';
import { createReservationsAdminRoutes } from '../../src/features/reservations/admin-routes.ts';
import { type AdminTestApp, startAdminTestApp } from '../helpers/admin-app.ts';
import { type AdminAnswer, adminCall } from '../helpers/admin-http.ts';

let t: AdminTestApp;
let app: FastifyInstance;
let admin: string;
let viewer: string;

const call = (
  method: string,
  path: string,
  token: string | undefined,
  body?: unknown,
): Promise<AdminAnswer> => adminCall(t.url, method, path, token, body);

interface EnumOut {
  name: string;
  values: { id: string; labels: { ja: string; en: string }; attributes?: Record<string, unknown> }[];
}

/** Every item of a paged list, following nextCursor with pages of `limit`. */
async function everyPage(path: string, limit: number): Promise<{ pages: number; items: { id: string }[] }> {
  const items: { id: string }[] = [];
  let pages = 0;
  let cursor: string | null = null;
  do {
    const separator = path.includes('?') ? '&' : '?';
    const page: AdminAnswer = await call(
      'GET',
      `${path}${separator}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`,
      admin,
    );
    expect(page.status, path).toBe(200);
    items.push(...(page.body.items as { id: string }[]));
    cursor = page.body.nextCursor as string | null;
    pages += 1;
  } while (cursor);
  return { pages, items };
}

beforeAll(async () => {
  const memory = new Map<string, { bytes: Buffer; contentType: string }>();
  t = await startAdminTestApp([
    createReservationsAdminRoutes(),
    createReportsAdminRoutes({
      store: {
        put: async (key, bytes, contentType) =>
          void memory.set(key, { bytes: Buffer.from(bytes), contentType }),
        get: async (key) => memory.get(key) ?? null,
        delete: async (key) => void memory.delete(key),
      },
    }),
    createChildcareAdminRoutes({}),
  ]);
  app = t.app;
  admin = (await createStaffWithToken(app.pg.pool, { name: 'Admin', isAdmin: true, via: 'test' })).token;
  viewer = (
    await createStaffWithToken(app.pg.pool, {
      name: 'Viewer',
      isAdmin: false,
      roles: [{ scope: 'childcare', role: 'viewer' }],
      via: 'test',
    })
  ).token;
});
afterAll(async () => {
  await t?.close();
});

describe('GET /admin/meta', () => {
  it('lists every status-like value with its labels in Japanese and English, to any staff member', async () => {
    expect((await call('GET', '/admin/meta', undefined)).status).toBe(401);
    const meta = await call('GET', '/admin/meta', viewer);
    expect(meta.status).toBe(200);
    const enums = new Map((meta.body.enums as EnumOut[]).map((e) => [e.name, e.values]));
    expect([...enums.keys()].sort()).toEqual([
      'childcare.segmentStatus',
      'reports.category',
      'reports.department',
      'reports.status',
      'reservations.channel',
      'reservations.status',
      'staff.role',
    ]);
    expect(enums.get('reports.status')?.find((v) => v.id === 'in_progress')).toEqual({
      id: 'in_progress',
      labels: { ja: '対応中', en: 'In progress' },
      attributes: {
        closed: false,
        requiresReason: false,
        transitions: ['done', 'rejected', 'duplicate', 'received'],
        byMergeOnly: false,
        initial: false,
      },
    });
    expect(enums.get('reservations.status')?.find((v) => v.id === 'no_show')?.labels).toEqual({
      ja: '来所なし',
      en: 'No-show',
    });
    expect(enums.get('childcare.segmentStatus')?.map((v) => v.id)).toEqual([
      'scheduled',
      'sending',
      'done',
      'cancelled',
    ]);
    expect(enums.get('staff.role')?.map((v) => v.labels.ja)).toEqual(['閲覧', '担当', '管理']);
  });
});

describe('staff and audit', () => {
  it('answers timestamps in city time, the same instants as stored', async () => {
    const created = await call('POST', '/admin/staff', admin, { name: '時刻 確認' });
    const staff = (created.body as { staff: { id: string; createdAt: string } }).staff;
    const [row] = await t.query<{ created_at: Date }>('SELECT created_at FROM staff WHERE id = $1', [
      staff.id,
    ]);
    expect(staff.createdAt).toBe(cityIso(row?.created_at as Date));
    expect(staff.createdAt).toMatch(/\+09:00$/);
    const log = await call('GET', `/admin/audit?resourceType=staff&resourceId=${staff.id}`, admin);
    const [entry] = log.body.items as { at: string }[];
    expect(entry?.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?\+09:00$/);
  });

  it('takes a role by its label, and answers with the id', async () => {
    const created = await call('POST', '/admin/staff', admin, {
      name: '担当 花子',
      roles: [{ scope: 'reservations:tax', role: '担当' }],
    });
    expect((created.body as { staff: { roles: unknown[] } }).staff.roles).toEqual([
      { scope: 'reservations:tax', role: 'operator' },
    ]);
    const wrong = await call('POST', '/admin/staff', admin, {
      name: 'x',
      roles: [{ scope: 'reports', role: 'boss' }],
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toContain(
      'no role "boss"; one of viewer (閲覧), operator (担当), manager (管理)',
    );
  });

  it('pages the staff list and the audit log with limit and cursor, each item once', async () => {
    const staffCount = (await t.query<{ n: number }>('SELECT count(*)::int AS n FROM staff'))[0]?.n ?? 0;
    const staff = await everyPage('/admin/staff', 2);
    expect(staff.items.map((s) => s.id)).toEqual(
      (await t.query<{ id: string }>('SELECT id::text AS id FROM staff ORDER BY id')).map((r) => r.id),
    );
    // A full last page is known to be the last: no empty page follows it.
    expect(staff.pages).toBe(Math.ceil(staffCount / 2));
    const audit = await everyPage('/admin/audit?action=staff.create', 1);
    const ids = audit.items.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([...ids].sort((a, b) => Number(b) - Number(a)));
    expect(ids.length).toBe((await t.query(`SELECT 1 FROM audit_log WHERE action = 'staff.create'`)).length);
  });
});

describe('childcare segment sends', () => {
  it('filters by status label and pages newest first', async () => {
    const operator = (
      await createStaffWithToken(app.pg.pool, {
        name: 'Sender',
        isAdmin: false,
        roles: [{ scope: 'childcare', role: 'operator' }],
        via: 'test',
      })
    ).token;
    const created: string[] = [];
    for (const title of ['一', '二', '三']) {
      const res = await call('POST', '/admin/childcare/segments', operator, {
        title,
        texts: { ja: 'お知らせ' },
        ageFromMonths: 0,
        ageToMonths: 12,
        scheduledAt: new Date(Date.now() + 86_400_000).toISOString(),
        urgent: true,
      });
      expect(res.status).toBe(201);
      expect(String(res.body.scheduledAt)).toMatch(/\+09:00$/);
      created.push(String(res.body.id));
    }
    await call('POST', `/admin/childcare/segments/${created[1]}/cancel`, operator);
    const scheduled = await call(
      'GET',
      `/admin/childcare/segments?status=${encodeURIComponent('送信予定')}`,
      viewer,
    );
    expect((scheduled.body.items as { id: string }[]).map((s) => s.id)).toEqual([created[2], created[0]]);
    const pages = await everyPage('/admin/childcare/segments', 1);
    expect(pages.items.map((s) => s.id)).toEqual([...created].reverse());
    const wrong = await call('GET', '/admin/childcare/segments?status=delivered', viewer);
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toContain('one of scheduled (送信予定), sending (送信中), done (送信済み)');
  });
});
