// The staff console's sign-in and what it guards: the built console served at /console, password sign-in
// with an HttpOnly SameSite=Strict session cookie, the CSRF header required on every cookie-authenticated
// change, per-account lockout, logout and expiry, API tokens unchanged, the one-time first-admin link, roles
// (a viewer gets 403), the desk's live stream, and display links that read only the called numbers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffWithToken } from '../../src/admin/bootstrap.ts';
import { hashPassword } from '../../src/admin/passwords.ts';
import { createSetupLink } from '../../src/admin/setup-links.ts';
import { setLogin } from '../../src/admin/staff-repository.ts';
import { type LocalServer, openEventStream, startLocalServer } from '../helpers/local-server.ts';

let s: LocalServer;
let adminToken: string;
const PASSWORD = 'correct horse battery';
const TODAY = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Tokyo' }).format(new Date());

interface Answer {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

async function call(
  method: string,
  path: string,
  options: { cookie?: string; csrf?: string; token?: string; body?: unknown } = {},
): Promise<Answer> {
  const response = await fetch(`${s.url}${path}`, {
    method,
    headers: {
      ...(options.cookie ? { cookie: options.cookie } : {}),
      ...(options.csrf ? { 'x-csrf-token': options.csrf } : {}),
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  const body = response.headers.get('content-type')?.includes('json') && text ? JSON.parse(text) : { text };
  return { status: response.status, headers: response.headers, body };
}

async function staffWithLogin(
  name: string,
  login: string,
  roles: { scope: string; role: 'viewer' | 'operator' | 'manager' }[],
  isAdmin = false,
) {
  const created = await createStaffWithToken(s.app.pg.pool, { name, isAdmin, roles, via: 'test' });
  await setLogin(s.app.pg.pool, created.staffId, {
    loginId: login,
    passwordHash: await hashPassword(PASSWORD),
  });
  return created;
}

async function signIn(
  login: string,
  password = PASSWORD,
): Promise<{ cookie: string; csrf: string; answer: Answer }> {
  const answer = await call('POST', '/admin/login', { body: { login, password } });
  const setCookie = answer.headers.get('set-cookie') ?? '';
  return { cookie: setCookie.split(';')[0] ?? '', csrf: String(answer.body.csrfToken ?? ''), answer };
}

beforeAll(async () => {
  s = await startLocalServer({ CONSOLE_MAP_TILES: 'off' });
  const admin = await staffWithLogin('管理 太郎', 'admin', [], true);
  adminToken = admin.token;
  await staffWithLogin('窓口 花子', 'desk', [{ scope: 'reservations:tax', role: 'operator' }]);
  await staffWithLogin('閲覧 次郎', 'viewer', [{ scope: 'reservations:tax', role: 'viewer' }]);
  await staffWithLogin('鍵 三郎', 'locked', [{ scope: 'reservations:tax', role: 'viewer' }]);
  expect(
    (
      await call('PUT', '/admin/reservations/services/tax', {
        token: adminToken,
        body: { name: { ja: '確定申告' } },
      })
    ).status,
  ).toBe(201);
  const slots = await call('POST', '/admin/reservations/services/tax/slots', {
    token: adminToken,
    body: {
      from: TODAY,
      to: TODAY,
      weekdays: [0, 1, 2, 3, 4, 5, 6],
      times: [{ start: '00:00', end: '23:59' }],
      capacity: 20,
    },
  });
  expect(slots.status).toBe(200);
  // Creating the database and the server on a machine shared by many takes a while.
}, 240_000);

afterAll(async () => {
  await s?.close();
});

describe('the staff console', () => {
  it('is served at /console from the build, with the same-origin-only policy', async () => {
    const page = await fetch(`${s.url}/console/reservations/desk`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<div id="app">');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const asset = /src="(\/console\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(asset).toBeDefined();
    const script = await fetch(`${s.url}${asset}`);
    expect(script.status).toBe(200);
    expect(script.headers.get('cache-control')).toContain('immutable');
    expect((await fetch(`${s.url}/console/assets/..%2f..%2fpackage.json`)).status).toBe(404);
  });
});

describe('sign-in', { timeout: 90_000 }, () => {
  it('sets an HttpOnly, SameSite=Strict session cookie (not Secure over plain http) and answers who is in', async () => {
    const { cookie, csrf, answer } = await signIn('ＤＥＳＫ');
    expect(answer.status).toBe(200);
    const setCookie = answer.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^lcp_console=[A-Za-z0-9_-]{43};/);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Strict');
    expect(setCookie).toContain('Path=/');
    expect(setCookie).not.toContain('Secure');
    const session = await call('GET', '/admin/session', { cookie });
    expect(session.status).toBe(200);
    expect(session.body).toMatchObject({
      staff: { name: '窓口 花子', isAdmin: false, roles: [{ scope: 'reservations:tax', role: 'operator' }] },
      csrfToken: csrf,
      features: expect.arrayContaining(['reservations', 'reports', 'childcare']),
      settings: { mapTiles: null },
    });
  });

  it('refuses a wrong password or an unknown login id alike (401)', async () => {
    const wrong = await signIn('desk', 'not the password');
    const unknown = await signIn('nobody', PASSWORD);
    expect(wrong.answer.status).toBe(401);
    expect(unknown.answer.status).toBe(401);
    expect(wrong.answer.headers.get('set-cookie')).toBeNull();
    expect(wrong.answer.body.error).toBe(unknown.answer.body.error);
  });

  it('refuses a cookie-authenticated change without the CSRF token, and lets it through with it', async () => {
    const { cookie, csrf } = await signIn('desk');
    const walkIn = { name: '窓口 一郎', checkIn: false };
    const path = '/admin/reservations/services/tax/walk-ins';
    const none = await call('POST', path, { cookie, body: walkIn });
    expect(none.status).toBe(403);
    expect(none.body.error).toContain('x-csrf-token');
    const wrong = await call('POST', path, { cookie, csrf: `${csrf.slice(0, -2)}xx`, body: walkIn });
    expect(wrong.status).toBe(403);
    const [refused] = await s.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM reservations WHERE walk_in_name = '窓口 一郎'`,
    );
    expect(refused?.n).toBe(0);
    const ok = await call('POST', path, { cookie, csrf, body: walkIn });
    expect(ok.status).toBe(201);
    // Reads need no token.
    expect((await call('GET', `/admin/reservations/services/tax/days/${TODAY}`, { cookie })).status).toBe(
      200,
    );
  });

  it('keeps API tokens working for programs (no CSRF token needed)', async () => {
    const me = await call('GET', '/admin/me', { token: adminToken });
    expect(me.status).toBe(200);
    const walkIn = await call('POST', '/admin/reservations/services/tax/walk-ins', {
      token: adminToken,
      body: { name: 'トークン 利用' },
    });
    expect(walkIn.status).toBe(201);
  });

  it('gives a viewer the page data but 403 for the operator actions', async () => {
    const { cookie, csrf } = await signIn('viewer');
    expect((await call('GET', `/admin/reservations/services/tax/days/${TODAY}`, { cookie })).status).toBe(
      200,
    );
    const refused = await call('POST', '/admin/reservations/services/tax/walk-ins', {
      cookie,
      csrf,
      body: { name: '閲覧者 登録' },
    });
    expect(refused.status).toBe(403);
  });

  it('ends the session at logout, and when it is past its expiry', async () => {
    const first = await signIn('desk');
    expect((await call('POST', '/admin/logout', { cookie: first.cookie })).status).toBe(403);
    expect((await call('POST', '/admin/logout', { cookie: first.cookie, csrf: first.csrf })).status).toBe(
      204,
    );
    expect((await call('GET', '/admin/session', { cookie: first.cookie })).status).toBe(401);

    const second = await signIn('desk');
    await s.query(`UPDATE staff_sessions SET expires_at = now() - interval '1 second'`);
    const ended = await call('GET', '/admin/session', { cookie: second.cookie });
    expect(ended.status).toBe(401);
    expect(ended.body.error).toContain('sign in again');
  });

  it('locks an account after 5 wrong passwords, even for the right one, and audits it', async () => {
    for (let i = 0; i < 4; i++) expect((await signIn('locked', `wrong ${i}`)).answer.status).toBe(401);
    const fifth = await signIn('locked', 'wrong 5');
    expect([401, 429]).toContain(fifth.answer.status);
    const right = await signIn('locked');
    expect(right.answer.status).toBe(429);
    expect(Number(right.answer.headers.get('retry-after'))).toBeGreaterThan(0);
    const audits = await s.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'auth.lockout' AND resource_type = 'staff'`,
    );
    expect(audits[0]?.n).toBe(1);
  });
});

describe('the first administrator', { timeout: 90_000 }, () => {
  it('is created once with a setup link, which then and after an hour is refused', async () => {
    await s.query('UPDATE staff SET is_admin = false');
    const expired = await createSetupLink(s.app.pg.pool);
    await s.query(`UPDATE staff_setup_links SET expires_at = now() - interval '1 second'`);
    const body = { name: '初代 管理者', login: 'first', password: PASSWORD };
    expect((await call('POST', '/admin/setup', { body: { ...body, token: expired } })).status).toBe(401);
    const token = await createSetupLink(s.app.pg.pool);
    const created = await call('POST', '/admin/setup', { body: { ...body, token } });
    expect(created.status).toBe(201);
    expect(created.headers.get('set-cookie')).toContain('HttpOnly');
    const again = await call('POST', '/admin/setup', { body: { ...body, login: 'second', token } });
    expect(again.status).toBe(409);
    await s.query(`UPDATE staff SET is_admin = true WHERE name = '管理 太郎'`);
  });
});

describe('the desk and the waiting-room display', { timeout: 90_000 }, () => {
  it('streams the day live and shows a called number on a display link that reads nothing else', async () => {
    const { cookie, csrf } = await signIn('desk');
    const stream = await openEventStream(`${s.url}/admin/reservations/services/tax/days/${TODAY}/stream`, {
      cookie,
    });
    await stream.next((event) => event.event === 'state');
    const walkIn = await call('POST', '/admin/reservations/services/tax/walk-ins', {
      cookie,
      csrf,
      body: { name: '表示 確認', phone: '092-000-0000', checkIn: true },
    });
    expect(walkIn.status).toBe(201);
    const state = await stream.next(
      (event) => event.event === 'state' && event.data.includes(String(walkIn.body.number)),
    );
    expect(JSON.parse(state.data).items.length).toBeGreaterThan(0);
    stream.close();

    const link = await call('POST', '/admin/reservations/services/tax/display-links', {
      cookie,
      csrf,
      body: { label: 'TV' },
    });
    expect(link.status).toBe(201);
    const token = String(link.body.path).split('#')[1] ?? '';
    const display = await openEventStream(`${s.url}/display-api/stream?token=${token}`);
    await display.next((event) => event.event === 'state');
    const called = await call('POST', `/admin/reservations/services/tax/days/${TODAY}/call-next`, {
      cookie,
      csrf,
    });
    expect(called.status).toBe(200);
    const board = await display.next(
      (event) => event.event === 'state' && JSON.parse(event.data).called.includes(called.body.queueNumber),
    );
    display.close();
    // Numbers only: no name, phone or booking number.
    expect(board.data).not.toContain('表示 確認');
    expect(board.data).not.toContain('092');
    expect(board.data).not.toContain(String(walkIn.body.number));

    // The display link's secret is no staff credential.
    expect((await call('GET', '/admin/me', { token })).status).toBe(401);
    expect((await call('GET', `/admin/reservations/services/tax/days/${TODAY}?token=${token}`)).status).toBe(
      401,
    );
    expect((await call('GET', '/display-api/board?token=abc')).status).toBe(404);
    await call('DELETE', `/admin/reservations/services/tax/display-links/${link.body.id}`, { cookie, csrf });
    expect((await call('GET', `/display-api/board?token=${token}`)).status).toBe(404);
  });
});
