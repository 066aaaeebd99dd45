// The staff API under attack and misuse, through the whole app: refused credentials lock the client's
// address out (429 + Retry-After, shared by instances, lifted when it ends) without slowing or counting
// successful calls; refusals are audited with who, what and where from; deactivation revokes tokens.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STAFF_TOKEN_FAILURES } from '../../src/admin/auth.ts';
import { createStaffWithToken } from '../../src/admin/bootstrap.ts';
import { type Harness, startHarness } from '../helpers/harness.ts';

let h: Harness;
let admin: { staffId: string; token: string };

beforeAll(async () => {
  // Behind a proxy on loopback, as in production behind a load balancer: X-Forwarded-For names the client.
  h = await startHarness({ TRUST_PROXY: 'loopback', EVENT_WORKERS_ENABLED: 'false' });
  admin = await createStaffWithToken(h.app.pg.pool, { name: 'Admin', isAdmin: true, via: 'test' });
});
afterAll(async () => {
  await h?.close();
});

interface Answer {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

async function call(
  from: string,
  method: string,
  path: string,
  token?: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const res = await fetch(`${h.url}${path}`, {
    method,
    headers: {
      'x-forwarded-for': from,
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : {} };
}

const wrongToken = (i: number) => `lcp_${String(i).padStart(43, 'A')}`;

describe('failed staff credentials', () => {
  const attacker = '198.51.100.7';

  it('locks an address out at the limit: 429 with Retry-After, even for a valid token; others go on', async () => {
    const limit = STAFF_TOKEN_FAILURES.maxFailures;
    for (let i = 1; i < limit; i++) {
      const res = await call(attacker, 'GET', '/admin/me', i % 3 === 0 ? undefined : wrongToken(i));
      expect(res.status).toBe(401);
    }
    const locking = await call(attacker, 'GET', '/admin/me', wrongToken(limit));
    expect(locking.status).toBe(429);
    const retryAfter = Number(locking.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(STAFF_TOKEN_FAILURES.lockSeconds - 10);
    expect(retryAfter).toBeLessThanOrEqual(STAFF_TOKEN_FAILURES.lockSeconds);
    // Locked out: the credential is not even looked at, so a right guess would gain nothing.
    const valid = await call(attacker, 'GET', '/admin/me', admin.token);
    expect(valid.status).toBe(429);
    expect(Number(valid.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await call('198.51.100.8', 'GET', '/admin/me', admin.token)).status).toBe(200);
    // The docs stay public.
    expect((await call(attacker, 'GET', '/admin/docs/json')).status).toBe(200);
  });

  it('audits each refusal and the lockout once, with the address; later 429s write nothing', async () => {
    const refusals = await h.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'access.unauthenticated' AND ip = $1`,
      [attacker],
    );
    expect(refusals).toEqual([{ n: STAFF_TOKEN_FAILURES.maxFailures - 1 }]);
    const lockouts = await h.query<{ resource_id: string; details: Record<string, unknown> }>(
      `SELECT resource_id, details FROM audit_log WHERE action = 'auth.lockout'`,
    );
    expect(lockouts).toEqual([
      {
        resource_id: `ip:${attacker}`,
        details: {
          credential: 'staff-token',
          failures: STAFF_TOKEN_FAILURES.maxFailures,
          seconds: expect.any(Number),
        },
      },
    ]);
    const [entry] = (
      await call(
        '198.51.100.8',
        'GET',
        `/admin/audit?action=access.unauthenticated&ip=${attacker}&limit=1`,
        admin.token,
      )
    ).body.items as { staffId: string | null; ip: string; resourceId: string; details: object }[];
    expect(entry).toMatchObject({
      staffId: null,
      ip: attacker,
      resourceId: 'GET /admin/me',
      details: { path: '/admin/me', reason: 'unknown' },
    });
  });

  it('keeps the lockout in the database: another instance (a restart) refuses too, until it ends', async () => {
    await h.restart();
    expect((await call(attacker, 'GET', '/admin/me', admin.token)).status).toBe(429);
    await h.query(`UPDATE auth_failures SET locked_until = now() - interval '1 second'`);
    expect((await call(attacker, 'GET', '/admin/me', admin.token)).status).toBe(200);
    // The count starts afresh after a lockout: one more mistake is a 401, not another lockout.
    expect((await call(attacker, 'GET', '/admin/me', wrongToken(99))).status).toBe(401);
  });

  it('neither counts nor slows successful calls', async () => {
    const office = '203.0.113.50';
    for (let i = 0; i < STAFF_TOKEN_FAILURES.maxFailures * 2; i++) {
      expect((await call(office, 'GET', '/admin/me', admin.token)).status).toBe(200);
    }
    expect(await h.query(`SELECT 1 FROM auth_failures WHERE subject = $1`, [`ip:${office}`])).toEqual([]);
  });
});

describe('refused attempts in the audit log', () => {
  it('records a 403 with who, which route and the address, and a refused token with its owner', async () => {
    const desk = await createStaffWithToken(h.app.pg.pool, {
      name: 'Desk',
      isAdmin: false,
      roles: [{ scope: 'reports', role: 'viewer' }],
      via: 'test',
    });
    expect((await call('203.0.113.60', 'GET', '/admin/audit', desk.token)).status).toBe(403);
    expect((await call('203.0.113.60', 'DELETE', `/admin/tokens/${desk.tokenId}`, admin.token)).status).toBe(
      204,
    );
    expect((await call('203.0.113.61', 'GET', '/admin/me', desk.token)).status).toBe(401);
    const rows = await h.query<{
      action: string;
      staff_id: string;
      resource_id: string;
      ip: string;
      reason: string;
    }>(
      `SELECT action, staff_id::text, resource_id, ip, details->>'reason' AS reason FROM audit_log
        WHERE action IN ('access.forbidden', 'access.unauthenticated') AND staff_id = $1 ORDER BY id`,
      [desk.staffId],
    );
    expect(rows).toEqual([
      {
        action: 'access.forbidden',
        staff_id: desk.staffId,
        resource_id: 'GET /admin/audit',
        ip: '203.0.113.60',
        reason: 'only administrators may do this',
      },
      {
        action: 'access.unauthenticated',
        staff_id: desk.staffId,
        resource_id: 'GET /admin/me',
        ip: '203.0.113.61',
        reason: 'revoked',
      },
    ]);
  });
});

describe('deactivation', () => {
  it('refuses a deactivated member’s token at once and revokes it for good', async () => {
    const temp = await createStaffWithToken(h.app.pg.pool, { name: 'Temp', isAdmin: false, via: 'test' });
    const from = '203.0.113.70';
    expect((await call(from, 'GET', '/admin/me', temp.token)).status).toBe(200);
    const off = await call(from, 'PATCH', `/admin/staff/${temp.staffId}`, admin.token, { active: false });
    expect(off.status).toBe(200);
    expect((await call(from, 'GET', '/admin/me', temp.token)).status).toBe(401);
    expect(
      await h.query('SELECT revoked_at IS NOT NULL AS revoked FROM staff_tokens WHERE staff_id = $1', [
        temp.staffId,
      ]),
    ).toEqual([{ revoked: true }]);
    // No new token for a deactivated account; reactivating it does not bring the old token back.
    expect((await call(from, 'POST', `/admin/staff/${temp.staffId}/tokens`, admin.token, {})).status).toBe(
      409,
    );
    expect(
      (await call(from, 'PATCH', `/admin/staff/${temp.staffId}`, admin.token, { active: true })).status,
    ).toBe(200);
    expect((await call(from, 'GET', '/admin/me', temp.token)).status).toBe(401);
    const fresh = await call(from, 'POST', `/admin/staff/${temp.staffId}/tokens`, admin.token, {});
    expect((await call(from, 'GET', '/admin/me', String(fresh.body.token))).status).toBe(200);
    const [update] = await h.query<{ details: Record<string, unknown>; personal_data: boolean }>(
      `SELECT details, personal_data FROM audit_log WHERE action = 'staff.update' AND resource_id = $1
        ORDER BY id LIMIT 1`,
      [temp.staffId],
    );
    expect(update).toEqual({ details: { active: false, tokensRevoked: 1 }, personal_data: true });
  });

  it('refuses the token of a member deactivated directly in the database too (the one check on the person)', async () => {
    const other = await createStaffWithToken(h.app.pg.pool, { name: 'Other', isAdmin: false, via: 'test' });
    await h.query('UPDATE staff SET active = false WHERE id = $1', [other.staffId]);
    expect((await call('203.0.113.71', 'GET', '/admin/me', other.token)).status).toBe(401);
    expect(
      await h.query(
        `SELECT details->>'reason' AS reason FROM audit_log WHERE action = 'access.unauthenticated' AND staff_id = $1`,
        [other.staffId],
      ),
    ).toEqual([{ reason: 'inactive' }]);
  });
});
