// bench:segment — one 子育て segment message to the parents of 20,000 registered children, scheduled through the
// staff API of the real server on PostgreSQL and sent through the local LINE API. Prints the wall time from
// scheduling to done against the lower bound LINE's multicast rate limit sets (200 requests/s, ≤ 500
// recipients each), the peak multicast rate seen by LINE, and the exactly-once check (every following parent
// once, nobody twice, no blocked parent).
// Settings: BENCH_CHILDREN (20000), BENCH_BLOCKED_SHARE (0.02), BENCH_FAULTS (0; 1: LINE answers 429 with
// Retry-After, 500, and 500 after delivering, on some multicasts), SEGMENT_MULTICAST_PER_SECOND (150).
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createBenchDatabase } from './bench-database.ts';
import { runAppServer } from './support/app-server.ts';
import { forkRole, stop, waitReady } from './support/processes.ts';

const SECRET = 'bench-channel-secret';
const TOKEN = 'bench-access-token';
const LINE_MULTICAST_PER_SECOND = 200;
const MULTICAST_MAX = 500;
const MULTICAST_PATH = '/v2/bot/message/multicast';

const role = process.argv[2] ?? 'main';
if (role === 'emulator') await runEmulator();
else if (role === 'server') await runAppServer();
else await runMain();

// ——— the LINE API emulator: counts deliveries per user and the times LINE accepted each multicast ———

interface EmulatorStats {
  multicastCalls: number;
  multicastAccepted: number;
  peakPerSecond: number;
  delivered: number;
  missing: number;
  duplicates: number;
  unexpected: number;
  rejected: number;
}

async function runEmulator(): Promise<void> {
  const { startLineEmulator } = await import('../src/line/emulator/index.ts');
  const emulator = await startLineEmulator({ channelAccessToken: TOKEN, logger: false });
  const perUser = new Map<string, number>();
  emulator.onDelivery((delivery) => perUser.set(delivery.userId, (perUser.get(delivery.userId) ?? 0) + 1));
  process.on('message', (request: { faults?: true; expect?: string[] }) => {
    if (request.faults) {
      const retryAfter = { 'retry-after': '1' };
      emulator.failNext({ path: MULTICAST_PATH, status: 429, times: 3, headers: retryAfter });
      emulator.failNext({ path: MULTICAST_PATH, status: 500, times: 2 });
      emulator.failNext({ path: MULTICAST_PATH, status: 500, times: 2, deliverThenFail: true });
      process.send?.({ ok: true });
    } else if (request.expect) {
      const expected = new Set(request.expect);
      let missing = 0;
      let duplicates = 0;
      for (const userId of expected) {
        const count = perUser.get(userId) ?? 0;
        if (count === 0) missing += 1;
        if (count > 1) duplicates += 1;
      }
      const unexpected = [...perUser.keys()].filter((userId) => !expected.has(userId)).length;
      const multicasts = emulator.requests.filter((r) => r.path === MULTICAST_PATH);
      const accepted = multicasts
        .filter((r) => r.status !== undefined && r.status < 300)
        .map((r) => r.at.getTime());
      const stats: EmulatorStats = {
        multicastCalls: multicasts.length,
        multicastAccepted: accepted.length,
        peakPerSecond: peakInWindow(
          multicasts.map((r) => r.at.getTime()),
          1000,
        ),
        delivered: [...perUser.values()].reduce((sum, n) => sum + n, 0),
        missing,
        duplicates,
        unexpected,
        rejected: emulator.rejected.length,
      };
      process.send?.(stats);
    }
  });
  process.on('SIGTERM', () => void emulator.close().then(() => process.exit(0)));
  process.send?.({ baseUrl: emulator.baseUrl });
}

/** The most timestamps in any window of `windowMs` (requests LINE saw in one second). */
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

// ——— seeding and the send ———

interface Seeded {
  followers: string[];
  blocked: string[];
  children: number;
  byLanguage: Record<string, number>;
}

/** Parents (2 in 5 with two children) with consent, a district, a language; children aged 0–6 years. */
async function seed(db: pg.Pool, children: number, blockedShare: number): Promise<Seeded> {
  const { DISTRICTS } = await import('../src/features/childcare/districts.ts');
  const { addDays, cityDate } = await import('../src/features/childcare/dates.ts');
  const today = cityDate(new Date());
  const languages = ['ja', 'ja', 'ja', 'ja', 'ja', 'ja', 'ja', 'ja', 'en', 'ja-easy'];
  const parents: { userId: string; language: string; followed: boolean; district: string }[] = [];
  const kids: { userId: string; nickname: string; birthDate: string }[] = [];
  for (let p = 0; kids.length < children; p += 1) {
    const userId = `U${randomBytes(16).toString('hex')}`;
    const followed = (p * 7919) % 1000 >= blockedShare * 1000;
    parents.push({
      userId,
      language: languages[p % languages.length] as string,
      followed,
      district: DISTRICTS[p % DISTRICTS.length]?.id as string,
    });
    const count = p % 5 < 2 ? 2 : 1;
    for (let c = 0; c < count && kids.length < children; c += 1) {
      kids.push({
        userId,
        nickname: `子${kids.length}`,
        birthDate: addDays(today, -((kids.length * 37) % 2190)),
      });
    }
  }
  const CHUNK = 5000;
  for (let i = 0; i < parents.length; i += CHUNK) {
    const part = parents.slice(i, i + CHUNK);
    await db.query(
      `INSERT INTO line_users (user_id, display_name, language, followed)
       SELECT u, '保護者', l, f FROM unnest($1::text[], $2::text[], $3::boolean[]) AS t(u, l, f)`,
      [part.map((p) => p.userId), part.map((p) => p.language), part.map((p) => p.followed)],
    );
    await db.query(
      `INSERT INTO childcare_parents (user_id, consent_version, consented_at, district)
       SELECT u, '2026-11-01', now(), d FROM unnest($1::text[], $2::text[]) AS t(u, d)`,
      [part.map((p) => p.userId), part.map((p) => p.district)],
    );
  }
  for (let i = 0; i < kids.length; i += CHUNK) {
    const part = kids.slice(i, i + CHUNK);
    await db.query(
      `INSERT INTO childcare_children (user_id, nickname, birth_date)
       SELECT u, n, b::date FROM unnest($1::text[], $2::text[], $3::text[]) AS t(u, n, b)`,
      [part.map((k) => k.userId), part.map((k) => k.nickname), part.map((k) => k.birthDate)],
    );
  }
  const byLanguage: Record<string, number> = {};
  for (const parent of parents)
    if (parent.followed) byLanguage[parent.language] = (byLanguage[parent.language] ?? 0) + 1;
  return {
    followers: parents.filter((p) => p.followed).map((p) => p.userId),
    blocked: parents.filter((p) => !p.followed).map((p) => p.userId),
    children: kids.length,
    byLanguage,
  };
}

/** An operator of the 'childcare' scope, with a fresh token. */
async function staffToken(db: pg.Pool): Promise<string> {
  const { insertStaff, insertToken, replaceRoles } = await import('../src/admin/staff-repository.ts');
  const { generateToken, hashToken } = await import('../src/admin/tokens.ts');
  const staffId = await insertStaff(db, { name: 'こども家庭課 bench', email: null, isAdmin: false });
  await replaceRoles(db, staffId, [{ scope: 'childcare', role: 'operator' }]);
  const token = generateToken();
  await insertToken(db, { staffId, tokenHash: hashToken(token), label: 'bench', expiresAt: null });
  return token;
}

async function runMain(): Promise<void> {
  const CHILDREN = Number(process.env.BENCH_CHILDREN ?? 20_000);
  const BLOCKED_SHARE = Number(process.env.BENCH_BLOCKED_SHARE ?? 0.02);
  const FAULTS = process.env.BENCH_FAULTS === '1';
  const PER_SECOND = Number(process.env.SEGMENT_MULTICAST_PER_SECOND ?? 150);
  const PORT = 3913;
  const base = `http://127.0.0.1:${PORT}`;

  const emulator = forkRole<{ baseUrl: string }>(import.meta.filename, 'emulator');
  const { baseUrl } = await emulator.first;
  const benchDb = await createBenchDatabase('lcp_bench_seg');
  const dataDir = await mkdtemp(path.join(tmpdir(), 'lcp-bench-seg-'));
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
      SEGMENT_MULTICAST_PER_SECOND: String(PER_SECOND),
    });
    await waitReady(`${base}/readyz`);

    const seedStarted = performance.now();
    const seeded = await seed(db, CHILDREN, BLOCKED_SHARE);
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
    const criteria = { ageFromMonths: 0, ageToMonths: 83 };

    const previewStarted = performance.now();
    const preview = await call<{ recipients: number; blocked: number; children: number }>(
      'POST',
      '/admin/childcare/segments/preview',
      criteria,
    );
    const previewMs = performance.now() - previewStarted;
    if (FAULTS) await emulator.ask({ faults: true });

    const started = performance.now();
    const created = await call<{ id: string | number }>('POST', '/admin/childcare/segments', {
      ...criteria,
      title: 'bench: 乳幼児健診のお知らせ',
      // The bench measures the send itself, whatever the hour: not held back by the quiet hours.
      urgent: true,
      texts: {
        ja: '乳幼児健診の日程が決まりました。詳しくは市のホームページをご覧ください。',
        en: 'The dates of the child health checkups are set. See the city website for details.',
        'ja-easy': 'こどもの けんこう しんさ の ひにち が きまりました。',
      },
    });
    type Detail = {
      status: string;
      startedAt: string | null;
      finishedAt: string | null;
      results: { recipients: number; sent: number; failed: number; blocked: number; pending: number };
      batches: { total: number };
    };
    let detail = await call<Detail>('GET', `/admin/childcare/segments/${created.id}`);
    while (detail.status !== 'done') {
      if (performance.now() - started > 600_000)
        throw new Error(`not done after 10 minutes: ${JSON.stringify(detail)}`);
      await new Promise((r) => setTimeout(r, 20));
      detail = await call<Detail>('GET', `/admin/childcare/segments/${created.id}`);
    }
    const wallSeconds = (performance.now() - started) / 1000;
    const stats = await emulator.ask<EmulatorStats>({ expect: seeded.followers });

    const batches = Object.values(seeded.byLanguage).reduce(
      (sum, n) => sum + Math.ceil(n / MULTICAST_MAX),
      0,
    );
    const lineBound = batches / LINE_MULTICAST_PER_SECOND;
    const configuredBound = batches / PER_SECOND;
    const checks = {
      'preview = seeded followers': preview.recipients === seeded.followers.length,
      'preview blocked = seeded blocked': preview.blocked === seeded.blocked.length,
      'every follower delivered': stats.missing === 0,
      'nobody twice': stats.duplicates === 0,
      'no blocked or other user': stats.unexpected === 0,
      'results: sent = recipients': detail.results.sent === seeded.followers.length,
      'results: blocked counted': detail.results.blocked === seeded.blocked.length,
      'no failed recipients': detail.results.failed === 0,
      'LINE rejected nothing': stats.rejected === 0,
      'peak multicast rate ≤ 200/s': stats.peakPerSecond <= LINE_MULTICAST_PER_SECOND,
    };
    failed = Object.values(checks).some((ok) => !ok);

    console.log(`bench:segment — one segment send through the staff API, PostgreSQL (${benchDb.label})`);
    console.log(
      `children ${seeded.children}, parents ${seeded.followers.length + seeded.blocked.length} ` +
        `(${seeded.followers.length} following: ${Object.entries(seeded.byLanguage)
          .map(([lang, n]) => `${lang} ${n}`)
          .join(', ')}; ${seeded.blocked.length} blocked); seeded in ${seedSeconds.toFixed(1)} s`,
    );
    console.log(
      `preview (count before sending): ${preview.recipients} recipients, ${preview.blocked} blocked, ${preview.children} children in ${previewMs.toFixed(0)} ms`,
    );
    console.log(
      `multicast: ${detail.batches.total} batches of ≤ ${MULTICAST_MAX}; LINE saw ${stats.multicastCalls} calls ` +
        `(${stats.multicastAccepted} accepted${FAULTS ? ', faults injected: 3×429, 2×500, 2×500 after delivering' : ''}); ` +
        `peak ${stats.peakPerSecond} calls in one second (LINE's limit ${LINE_MULTICAST_PER_SECOND}, configured ${PER_SECOND})`,
    );
    const serverSeconds =
      detail.startedAt && detail.finishedAt
        ? (Date.parse(detail.finishedAt) - Date.parse(detail.startedAt)) / 1000
        : Number.NaN;
    console.log(
      `wall time, scheduled → done: ${wallSeconds.toFixed(2)} s (the server's own start → finish, recipients ` +
        `fixed and every batch sent: ${serverSeconds.toFixed(2)} s)`,
    );
    console.log(
      `bound from LINE's multicast rate limit: ${batches} requests / ${LINE_MULTICAST_PER_SECOND} per s = ${lineBound.toFixed(2)} s ` +
        `(at the configured ${PER_SECOND}/s: ${configuredBound.toFixed(2)} s); wall time = ${(wallSeconds / lineBound).toFixed(1)}× the bound`,
    );
    console.log(
      `results: sent ${detail.results.sent}, failed ${detail.results.failed}, blocked ${detail.results.blocked}; ` +
        `deliveries ${stats.delivered} to ${seeded.followers.length - stats.missing} parents`,
    );
    for (const [name, ok] of Object.entries(checks)) console.log(`  ${ok ? 'OK  ' : 'FAIL'} ${name}`);
  } finally {
    await db.end();
    if (server) await stop(server.proc);
    await stop(emulator.proc);
    await benchDb.drop();
    await rm(dataDir, { recursive: true, force: true });
  }
  if (failed) process.exitCode = 1;
}
