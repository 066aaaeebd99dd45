// Input the staff API must not trust, through the whole app: the server keeps its own request ids (a client's
// X-Request-Id never reaches the audit log), NUL in any query string and out-of-range audit filters are 400s,
// and text the database cannot store in a JSON body is a 400 naming the field — never a 500.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffWithToken } from '../../src/admin/bootstrap.ts';
import { type Harness, startHarness } from '../helpers/harness.ts';

let h: Harness;
let admin: { staffId: string; token: string };

beforeAll(async () => {
  h = await startHarness({ EVENT_WORKERS_ENABLED: 'false' });
  admin = await createStaffWithToken(h.app.pg.pool, { name: 'Admin', isAdmin: true, via: 'test' });
});
afterAll(async () => {
  await h?.close();
});

async function call(
  method: string,
  path: string,
  token?: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; body: Record<string, unknown> }> {
  const res = await fetch(`${h.url}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : {} };
}

describe('request ids', () => {
  it('keeps the server’s own id in the audit log and sends it back; the client’s id is not used', async () => {
    const res = await call('GET', '/admin/staff', admin.token, undefined, {
      'x-request-id': 'client-chosen-id',
    });
    expect(res.status).toBe(200);
    const serverId = res.headers.get('x-request-id');
    expect(serverId).toMatch(/^[0-9a-f-]{36}$/);
    const [entry] = await h.query<{ request_id: string }>(
      `SELECT request_id FROM audit_log WHERE action = 'staff.list' ORDER BY id DESC LIMIT 1`,
    );
    expect(entry?.request_id).toBe(serverId);
    expect(await h.query(`SELECT 1 FROM audit_log WHERE request_id = 'client-chosen-id'`)).toEqual([]);
  });
});

describe('bad filters and bodies', () => {
  it('answers NUL in a query string with 400 on every route, and out-of-range audit filters with 400', async () => {
    for (const path of [
      '/admin/audit?action=%00',
      '/admin/audit?resourceId=a%00b',
      '/admin/reports?text=%00',
      '/admin/reports?status=%00',
      '/open311/v2/requests.json?service_code=%00',
      '/healthz?x=%00',
    ]) {
      const res = await fetch(`${h.url}${path}`, {
        headers: { authorization: `Bearer ${admin.token}` },
      });
      expect(res.status, path).toBe(400);
    }
    for (const query of [
      `cursor=${Buffer.from('["99999999999999999999"]').toString('base64url')}`,
      'cursor=not*a*cursor',
      'staffId=99999999999999999999',
      'from=-271821-04-20',
      'to=0',
      'from=1969-12-31',
      'limit=100000',
    ]) {
      const res = await call('GET', `/admin/audit?${query}`, admin.token);
      expect(res.status, query).toBe(400);
      expect(String(res.body.error)).toMatch(/querystring\./);
    }
    const ok = await call('GET', '/admin/audit?from=2026-01-01&to=2100-01-01T00:00:00%2B09:00', admin.token);
    expect(ok.status).toBe(200);
  });

  it('answers NUL or an unpaired surrogate in a JSON body with 400 naming the field, writing nothing', async () => {
    const before = await h.query('SELECT count(*)::int AS n FROM staff');
    const nul = await call('POST', '/admin/staff', admin.token, '{"name":"a\\u0000b"}');
    expect(nul.status).toBe(400);
    expect(nul.body.error).toMatch(/^body\.name:/);
    const surrogate = await call(
      'PATCH',
      `/admin/staff/${admin.staffId}`,
      admin.token,
      '{"name":"x\\ud800"}',
    );
    expect(surrogate.status).toBe(400);
    expect(surrogate.body.error).toMatch(/^body\.name:/);
    expect(await h.query('SELECT count(*)::int AS n FROM staff')).toEqual(before);
  });
});
