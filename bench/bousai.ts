// bench:bousai — 防災 at the size of the city: disaster mode for 50,000 followers (every follower relinked to the
// disaster menu of their language, and back) and a 避難情報 push to 50,000 followers chosen by district, through
// the staff API of the real server on PostgreSQL and the local LINE API, with 429/500 injected on the push.
// Prints each wall time against the bound LINE's rate limits set for the calls it needs, and the exactly-once
// checks, and the nearest-shelter answer's p50/p99 (bench/bousai-nearest.ts).
// Settings: BENCH_FOLLOWERS (50000), BENCH_BLOCKED (1000), BOUSAI_MENU_LINKS_PER_SECOND (100),
// SEGMENT_MULTICAST_PER_SECOND (150), BENCH_QUERIES (2000 nearest-shelter answers).
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createBenchDatabase } from './bench-database.ts';
import { measureNearest } from './bousai-nearest.ts';
import { runAppServer } from './support/app-server.ts';
import { forkRole, stop, waitReady } from './support/processes.ts';

const SECRET = 'bench-channel-secret';
const TOKEN = 'bench-access-token';
// LINE's per-channel limits (Messaging API reference, rate limits): multicast 200/s; rich-menu bulk link falls
// under "other endpoints", 2,000/s; creating rich menus 100/hour.
const LINE_MULTICAST_PER_SECOND = 200;
const LINE_OTHER_PER_SECOND = 2000;
const BULK_MAX = 500;
const MULTICAST_PATH = '/v2/bot/message/multicast';
const BULK_LINK_PATH = '/v2/bot/richmenu/bulk/link';

const role = process.argv[2] ?? 'main';
if (role === 'emulator') await runEmulator();
else if (role === 'server') await runAppServer();
else await runMain();

interface LinkStats {
  requests: number;
  peakPerSecond: number;
  wrong: number;
  defaultIsTarget: boolean;
  menusCreated: number;
  rejected: number;
}

interface PushStats {
  calls: number;
  accepted: number;
  peakPerSecond: number;
  missing: number;
  duplicates: number;
  unexpected: number;
  rejected: number;
}

type EmulatorRequest =
  | { deploy: true }
  | { links: { prefix: 'disaster' | 'main'; users: [string, string][] } }
  | { faults: true }
  | { push: string[] }
  | { reset: true };

/** The most timestamps in any window of `windowMs`. */
function peakInWindow(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let peak = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end += 1) {
    while ((sorted[end] as number) - (sorted[start] as number) >= windowMs) start += 1;
    peak = Math.max(peak, end - start + 1);
  }
  return peak;
}

async function runEmulator(): Promise<void> {
  const { startLineEmulator } = await import('../src/line/emulator/index.ts');
  const { messagingApi } = await import('@line/bot-sdk');
  const { deployRichMenus } = await import('../src/line/richmenu/deploy.ts');
  const { initI18n } = await import('../src/i18n/index.ts');
  const emulator = await startLineEmulator({ channelAccessToken: TOKEN, logger: false });
  const perUser = new Map<string, number>();
  emulator.onDelivery((d) => {
    if (d.kind === 'multicast') perUser.set(d.userId, (perUser.get(d.userId) ?? 0) + 1);
  });
  process.on('message', async (request: EmulatorRequest) => {
    if ('deploy' in request) {
      await initI18n();
      const api = new messagingApi.MessagingApiClient({
        channelAccessToken: TOKEN,
        baseURL: emulator.baseUrl,
      });
      const blob = new messagingApi.MessagingApiBlobClient({
        channelAccessToken: TOKEN,
        baseURL: emulator.baseUrl,
      });
      await deployRichMenus({ api, blob, logger: { info: () => {}, warn: () => {} } });
      process.send?.({ ok: true });
    } else if ('reset' in request) {
      emulator.reset();
      perUser.clear();
      process.send?.({ ok: true });
    } else if ('links' in request) {
      const { prefix, users } = request.links;
      let wrong = 0;
      for (const [userId, lang] of users) {
        if (emulator.userRichMenus.get(userId) !== emulator.aliases.get(`${prefix}-${lang}`)) wrong += 1;
      }
      const links = emulator.requests.filter((r) => r.path === BULK_LINK_PATH);
      const stats: LinkStats = {
        requests: links.length,
        peakPerSecond: peakInWindow(
          links.map((r) => r.at.getTime()),
          1000,
        ),
        wrong,
        defaultIsTarget: emulator.defaultRichMenuId === emulator.aliases.get(`${prefix}-ja`),
        menusCreated: emulator.requests.filter((r) => r.path === '/v2/bot/richmenu' && r.method === 'POST')
          .length,
        rejected: emulator.rejected.length,
      };
      process.send?.(stats);
    } else if ('faults' in request) {
      emulator.failNext({ path: MULTICAST_PATH, status: 429, times: 3, headers: { 'retry-after': '1' } });
      emulator.failNext({ path: MULTICAST_PATH, status: 500, times: 3 });
      emulator.failNext({ path: MULTICAST_PATH, status: 500, times: 2, deliverThenFail: true });
      process.send?.({ ok: true });
    } else if ('push' in request) {
      const expected = new Set(request.push);
      let missing = 0;
      let duplicates = 0;
      for (const userId of expected) {
        const n = perUser.get(userId) ?? 0;
        if (n === 0) missing += 1;
        if (n > 1) duplicates += 1;
      }
      const calls = emulator.requests.filter((r) => r.path === MULTICAST_PATH);
      const stats: PushStats = {
        calls: calls.length,
        accepted: calls.filter((r) => r.status < 300).length,
        peakPerSecond: peakInWindow(
          calls.map((r) => r.at.getTime()),
          1000,
        ),
        missing,
        duplicates,
        unexpected: [...perUser.keys()].filter((id) => !expected.has(id)).length,
        rejected: emulator.rejected.length,
      };
      process.send?.(stats);
    }
  });
  process.on('SIGTERM', () => void emulator.close().then(() => process.exit(0)));
  process.send?.({ baseUrl: emulator.baseUrl });
}

interface Seeded {
  followers: [string, string][];
  blocked: string[];
  byLanguage: Record<string, number>;
}

/** Followers in three languages, each with a district (7 in 10 chosen for 防災, the rest given for 子育て). */
async function seed(db: pg.Pool, followers: number, blocked: number): Promise<Seeded> {
  const { DISTRICTS } = await import('../src/features/childcare/districts.ts');
  const languages = ['ja', 'ja', 'ja', 'ja', 'ja', 'ja', 'ja', 'ja', 'en', 'ja-easy'];
  const users = Array.from({ length: followers + blocked }, (_, i) => ({
    id: `U${randomBytes(16).toString('hex')}`,
    language: languages[i % languages.length] as string,
    followed: i < followers,
    district: DISTRICTS[i % DISTRICTS.length]?.id as string,
    viaChildcare: i % 10 >= 7,
  }));
  const CHUNK = 5000;
  for (let i = 0; i < users.length; i += CHUNK) {
    const part = users.slice(i, i + CHUNK);
    await db.query(
      `INSERT INTO line_users (user_id, language, followed)
       SELECT u, l, f FROM unnest($1::text[], $2::text[], $3::boolean[]) AS t(u, l, f)`,
      [part.map((u) => u.id), part.map((u) => u.language), part.map((u) => u.followed)],
    );
    const bousai = part.filter((u) => !u.viaChildcare);
    await db.query(
      `INSERT INTO bousai_resident_districts (user_id, district) SELECT u, d FROM unnest($1::text[], $2::text[]) t(u, d)`,
      [bousai.map((u) => u.id), bousai.map((u) => u.district)],
    );
    const parents = part.filter((u) => u.viaChildcare);
    await db.query(
      `INSERT INTO childcare_parents (user_id, consent_version, consented_at, district)
       SELECT u, '2026-11-01', now(), d FROM unnest($1::text[], $2::text[]) t(u, d)`,
      [parents.map((u) => u.id), parents.map((u) => u.district)],
    );
  }
  const byLanguage: Record<string, number> = {};
  for (const u of users) if (u.followed) byLanguage[u.language] = (byLanguage[u.language] ?? 0) + 1;
  return {
    followers: users.filter((u) => u.followed).map((u) => [u.id, u.language]),
    blocked: users.filter((u) => !u.followed).map((u) => u.id),
    byLanguage,
  };
}

async function staffToken(db: pg.Pool): Promise<string> {
  const { insertStaff, insertToken, replaceRoles } = await import('../src/admin/staff-repository.ts');
  const { generateToken, hashToken } = await import('../src/admin/tokens.ts');
  const staffId = await insertStaff(db, { name: '防災担当 bench', email: null, isAdmin: false });
  await replaceRoles(db, staffId, [{ scope: 'bousai', role: 'operator' }]);
  const token = generateToken();
  await insertToken(db, { staffId, tokenHash: hashToken(token), label: 'bench', expiresAt: null });
  return token;
}

async function runMain(): Promise<void> {
  const FOLLOWERS = Number(process.env.BENCH_FOLLOWERS ?? 50_000);
  const BLOCKED = Number(process.env.BENCH_BLOCKED ?? 1000);
  const LINKS_PER_SECOND = Number(process.env.BOUSAI_MENU_LINKS_PER_SECOND ?? 100);
  const MULTICAST_PER_SECOND = Number(process.env.SEGMENT_MULTICAST_PER_SECOND ?? 150);
  const PORT = 3917;
  const base = `http://127.0.0.1:${PORT}`;

  const emulator = forkRole<{ baseUrl: string }>(import.meta.filename, 'emulator');
  const { baseUrl } = await emulator.first;
  const benchDb = await createBenchDatabase('lcp_bench_bousai');
  const dataDir = await mkdtemp(path.join(tmpdir(), 'lcp-bench-bousai-'));
  const db = new pg.Pool({ connectionString: benchDb.url, max: 4 });
  let server: ReturnType<typeof forkRole> | undefined;
  let failed = false;
  try {
    server = forkRole(import.meta.filename, 'server', {
      ...process.env,
      PORT: String(PORT),
      DATABASE_URL: benchDb.url,
      DATA_DIR: dataDir,
      LINE_CHANNEL_SECRET: SECRET,
      LINE_CHANNEL_ACCESS_TOKEN: TOKEN,
      LINE_API_BASE_URL: baseUrl,
      LINE_DATA_API_BASE_URL: baseUrl,
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'error',
      BOUSAI_MENU_LINKS_PER_SECOND: String(LINKS_PER_SECOND),
      SEGMENT_MULTICAST_PER_SECOND: String(MULTICAST_PER_SECOND),
    });
    await waitReady(`${base}/readyz`);
    await emulator.ask({ deploy: true });
    const seedStarted = performance.now();
    const seeded = await seed(db, FOLLOWERS, BLOCKED);
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    const token = await staffToken(db);
    const call = async <T>(method: string, url: string, body?: unknown): Promise<T> => {
      const res = await fetch(`${base}${url}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    };
    const checks: Record<string, boolean> = {};
    const linkRequests = Object.values(seeded.byLanguage).reduce(
      (sum, n) => sum + Math.ceil(n / BULK_MAX),
      0,
    );

    console.log(`bench:bousai — PostgreSQL (${benchDb.label}), local LINE API`);
    console.log(
      `followers ${FOLLOWERS} (${Object.entries(seeded.byLanguage)
        .map(([l, n]) => `${l} ${n}`)
        .join(', ')}) + ${BLOCKED} blocked, each with a district; seeded in ${seedSeconds.toFixed(1)} s`,
    );

    // ——— disaster mode, on and off ———
    type Mode = { mode: string; switch: { status: string; usersDone: number; linkRequests: number } | null };
    for (const [target, prefix] of [
      ['disaster', 'disaster'],
      ['normal', 'main'],
    ] as const) {
      await emulator.ask({ reset: true });
      const started = performance.now();
      await call('POST', '/admin/bousai/mode', { mode: target, reason: 'bench' });
      let state = await call<Mode>('GET', '/admin/bousai/mode');
      let polls = 1;
      while (state.switch?.status !== 'done') {
        if (performance.now() - started > 600_000)
          throw new Error(`switch not done: ${JSON.stringify(state)}`);
        await new Promise((r) => setTimeout(r, 50));
        state = await call<Mode>('GET', '/admin/bousai/mode');
        polls += 1;
      }
      const wall = (performance.now() - started) / 1000;
      const stats = await emulator.ask<LinkStats>({ links: { prefix, users: seeded.followers } });
      const lineBound = linkRequests / LINE_OTHER_PER_SECOND;
      const configuredBound = linkRequests / LINKS_PER_SECOND;
      console.log(
        `disaster mode → ${target}: ${wall.toFixed(2)} s wall (progress read ${polls}× while it ran); ` +
          `${stats.requests} bulk-link requests of ≤ ${BULK_MAX} (expected ${linkRequests}), peak ${stats.peakPerSecond}/s; ` +
          `${stats.menusCreated} rich menus created (LINE allows 100/hour)`,
      );
      console.log(
        `  bound from LINE's rate limit: ${linkRequests} requests / ${LINE_OTHER_PER_SECOND} per s = ${lineBound.toFixed(3)} s; ` +
          `at the configured ${LINKS_PER_SECOND}/s: ${configuredBound.toFixed(2)} s; wall = ${(wall / configuredBound).toFixed(1)}× the configured bound`,
      );
      checks[`${target}: every follower linked to ${prefix}-<their language>`] = stats.wrong === 0;
      checks[`${target}: default menu is ${prefix}-ja`] = stats.defaultIsTarget;
      checks[`${target}: one request per 500 users of a language`] = stats.requests === linkRequests;
      checks[`${target}: progress counted every follower`] = state.switch.usersDone === FOLLOWERS;
      checks[`${target}: LINE rejected nothing`] = stats.rejected === 0;
    }

    // ——— 避難情報 to every district, with faults ———
    await emulator.ask({ reset: true });
    const { DISTRICTS } = await import('../src/features/childcare/districts.ts');
    const districts = DISTRICTS.map((d) => d.id);
    const previewStarted = performance.now();
    const preview = await call<{ recipients: number; blocked: number }>(
      'POST',
      '/admin/bousai/alerts/preview',
      {
        districts,
      },
    );
    const previewMs = performance.now() - previewStarted;
    await emulator.ask({ faults: true });
    const started = performance.now();
    const created = await call<{ id: string }>('POST', '/admin/bousai/alerts', {
      template: 'evacuation_order',
      districts,
      requestKey: crypto.randomUUID(),
    });
    type Alert = {
      status: string;
      results: { sent: number; failed: number; blocked: number };
      batches: { total: number };
    };
    let alert = await call<Alert>('GET', `/admin/bousai/alerts/${created.id}`);
    while (alert.status !== 'done') {
      if (performance.now() - started > 600_000) throw new Error(`push not done: ${JSON.stringify(alert)}`);
      await new Promise((r) => setTimeout(r, 50));
      alert = await call<Alert>('GET', `/admin/bousai/alerts/${created.id}`);
    }
    const wall = (performance.now() - started) / 1000;
    const stats = await emulator.ask<PushStats>({ push: seeded.followers.map(([id]) => id) });
    const lineBound = alert.batches.total / LINE_MULTICAST_PER_SECOND;
    console.log(
      `避難情報 to ${districts.length} districts: preview ${preview.recipients} recipients, ${preview.blocked} blocked in ${previewMs.toFixed(0)} ms; ` +
        `${alert.batches.total} multicasts of ≤ ${BULK_MAX}; LINE saw ${stats.calls} calls (${stats.accepted} accepted; ` +
        `injected 3×429, 3×500, 2×500 after delivering); peak ${stats.peakPerSecond}/s`,
    );
    console.log(
      `  wall ${wall.toFixed(2)} s; bound from LINE's multicast limit: ${alert.batches.total} / ${LINE_MULTICAST_PER_SECOND} per s = ` +
        `${lineBound.toFixed(2)} s (configured ${MULTICAST_PER_SECOND}/s: ${(alert.batches.total / MULTICAST_PER_SECOND).toFixed(2)} s)`,
    );
    checks['push: preview = followers'] = preview.recipients === FOLLOWERS && preview.blocked === BLOCKED;
    checks['push: every follower delivered'] = stats.missing === 0;
    checks['push: nobody twice'] = stats.duplicates === 0;
    checks['push: no blocked or other user'] = stats.unexpected === 0;
    checks['push: results sent = followers, none failed'] =
      alert.results.sent === FOLLOWERS && alert.results.failed === 0;
    checks['push: peak multicast ≤ 200/s'] = stats.peakPerSecond <= LINE_MULTICAST_PER_SECOND;
    checks['push: LINE rejected nothing'] = stats.rejected === 0;
    // The nearest-shelter answer on the same database (the server imported the city's shelters at its start),
    // a few shelters open as in a disaster: bench/bousai-nearest.ts measures it.
    await db.query("UPDATE bousai_shelters SET status = 'open' WHERE kind = 'shelter' AND id LIKE '%1_111'");
    const queries = Number(process.env.BENCH_QUERIES ?? 2000);
    const nearest = await measureNearest(db, queries, 4);
    console.log(
      `nearest-shelter answer (open first, hazard filter, carousel; 4 at a time): ${nearest.queries} answers, ` +
        `p50 ${nearest.p50Ms.toFixed(2)} ms, p99 ${nearest.p99Ms.toFixed(2)} ms, ${nearest.perSecond.toFixed(0)}/s`,
    );
    checks['nearest: answered every place'] = nearest.queries === queries;
    for (const [name, ok] of Object.entries(checks)) console.log(`  ${ok ? 'OK  ' : 'FAIL'} ${name}`);
    failed = Object.values(checks).some((ok) => !ok);
  } finally {
    await db.end();
    if (server) await stop(server.proc);
    await stop(emulator.proc);
    await benchDb.drop();
    await rm(dataDir, { recursive: true, force: true });
  }
  if (failed) process.exitCode = 1;
}
