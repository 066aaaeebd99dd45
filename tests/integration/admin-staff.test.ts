// The staff admin API: token authentication (401), roles (403), staff and token management, the audit log
// of every action, field-naming 400s, and the OpenAPI document at /admin/docs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffWithToken } from '../../src/admin/bootstrap.ts';
import { type Harness, startHarness } from '../helpers/harness.ts';

let h: Harness;
let adminToken: string;

beforeAll(async () => {
  h = await startHarness();
  adminToken = (await createStaffWithToken(h.app.pg.pool, { name: 'Admin', isAdmin: true, via: 'test' }))
    .token;
});
afterAll(async () => {
  await h?.close();
});

async function call(method: string, path: string, token: string | undefined, body?: unknown) {
  const res = await fetch(`${h.url}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : null };
}

describe('staff authentication and roles', () => {
  it('refuses calls without a token, with a malformed one and with an unknown one', async () => {
    expect((await call('GET', '/admin/me', undefined)).status).toBe(401);
    expect((await call('GET', '/admin/me', 'nonsense')).status).toBe(401);
    expect((await call('GET', '/admin/me', `lcp_${'A'.repeat(43)}`)).status).toBe(401);
  });

  it('lets an administrator create staff with roles and a token shown once', async () => {
    const created = await call('POST', '/admin/staff', adminToken, {
      name: '税務 太郎',
      email: 'zeimu@example.jp',
      roles: [{ scope: 'reservations:tax', role: 'operator' }],
    });
    expect(created.status).toBe(201);
    const { staff, token } = created.body as {
      staff: { id: string; roles: unknown[] };
      token: { token: string };
    };
    expect(staff.roles).toEqual([{ scope: 'reservations:tax', role: 'operator' }]);
    const me = await call('GET', '/admin/me', token.token);
    expect(me.body).toMatchObject({
      name: '税務 太郎',
      isAdmin: false,
      roles: [{ scope: 'reservations:tax', role: 'operator' }],
    });
    // Only a hash is stored.
    const stored = await h.query<{ token_hash: Buffer }>(
      'SELECT token_hash FROM staff_tokens WHERE staff_id = $1',
      [staff.id],
    );
    expect(stored[0]?.token_hash.toString('utf8')).not.toContain(token.token);
  });

  it('forbids staff without the administrator role from managing staff or reading the audit log', async () => {
    const { token } = await createStaffWithToken(h.app.pg.pool, {
      name: 'Desk',
      isAdmin: false,
      roles: [{ scope: 'reports', role: 'manager' }],
      via: 'test',
    });
    expect((await call('GET', '/admin/staff', token)).status).toBe(403);
    expect((await call('POST', '/admin/staff', token, { name: 'x' })).status).toBe(403);
    expect((await call('GET', '/admin/audit', token)).status).toBe(403);
  });

  it('revokes a token at once', async () => {
    const { staffId, tokenId, token } = await createStaffWithToken(h.app.pg.pool, {
      name: 'Temp',
      isAdmin: false,
      via: 'test',
    });
    expect((await call('GET', '/admin/me', token)).status).toBe(200);
    expect((await call('DELETE', `/admin/tokens/${tokenId}`, adminToken)).status).toBe(204);
    expect((await call('GET', '/admin/me', token)).status).toBe(401);
    expect((await call('DELETE', `/admin/tokens/${tokenId}`, adminToken)).status).toBe(404);
    // A deactivated member's other tokens stop working too.
    const second = await call('POST', `/admin/staff/${staffId}/tokens`, adminToken, { label: 'second' });
    const secondToken = (second.body as { token: string }).token;
    expect((await call('GET', '/admin/me', secondToken)).status).toBe(200);
    expect((await call('PATCH', `/admin/staff/${staffId}`, adminToken, { active: false })).status).toBe(200);
    expect((await call('GET', '/admin/me', secondToken)).status).toBe(401);
  });

  it('answers a bad body with 400 naming the field, and writes nothing', async () => {
    const before = await h.query<{ n: number }>('SELECT count(*)::int AS n FROM staff');
    const res = await call('POST', '/admin/staff', adminToken, {
      name: '',
      roles: [{ scope: 'Bad Scope!', role: 'king' }],
    });
    expect(res.status).toBe(400);
    expect(String(res.body?.error)).toMatch(/body\.name/);
    expect(String(res.body?.error)).toMatch(/body\.roles\.0\.scope/);
    expect(String(res.body?.error)).toMatch(/body\.roles\.0\.role/);
    expect(await h.query('SELECT count(*)::int AS n FROM staff')).toEqual(before);
  });
});

describe('audit log', () => {
  it('records each staff action with who, what, which record and when, readable by administrators', async () => {
    const created = await call('POST', '/admin/staff', adminToken, { name: 'Audited' });
    const id = (created.body as { staff: { id: string } }).staff.id;
    await call('PUT', `/admin/staff/${id}/roles`, adminToken, {
      roles: [{ scope: 'childcare', role: 'viewer' }],
    });
    await call('GET', '/admin/staff', adminToken);
    const log = await call('GET', `/admin/audit?resourceType=staff&resourceId=${id}`, adminToken);
    expect(log.status).toBe(200);
    const entries = (
      log.body as { items: { action: string; staffName: string; at: string; requestId: string }[] }
    ).items;
    expect(entries.map((e) => e.action)).toEqual(['staff.roles', 'staff.create']);
    expect(
      entries.every((e) => e.staffName === 'Admin' && e.requestId && !Number.isNaN(Date.parse(e.at))),
    ).toBe(true);
    const reads = await call('GET', '/admin/audit?action=staff.list', adminToken);
    expect((reads.body as { items: { personalData: boolean }[] }).items[0]?.personalData).toBe(true);
    const auditReads = await call('GET', '/admin/audit?action=audit.read', adminToken);
    expect((auditReads.body as { items: unknown[] }).items.length).toBeGreaterThan(0);
  });
});

describe('OpenAPI', () => {
  it('serves the document generated from the zod schemas at /admin/docs', async () => {
    const res = await fetch(`${h.url}/admin/docs/json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as {
      openapi: string;
      paths: Record<string, Record<string, { requestBody?: unknown }>>;
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/admin/staff', '/admin/audit', '/admin/me']),
    );
    expect(doc.paths['/admin/staff']?.post?.requestBody).toBeDefined();
    expect((await fetch(`${h.url}/admin/docs`)).status).toBeLessThan(400);
    // The docs are public; the webhook and health routes are not part of the staff API.
    expect(Object.keys(doc.paths).some((p) => !p.startsWith('/admin'))).toBe(false);
  });
});
