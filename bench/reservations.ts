// bench:reservations — many residents booking at once through the real chat flow and signed webhooks, on
// PostgreSQL: every resident walks 申告予約 → day → time → confirm (waiting for each answer), then all press
// 予約する together. Prints bookings/s, answer latency p50/p99 and the count check (exactly the capacity
// booked, no slot over capacity, no resident twice). The server and the LINE emulator run in processes of
// their own (this file, started with the role 'server' or 'emulator').
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createBenchDatabase } from './bench-database.ts';
import { runAppServer } from './support/app-server.ts';
import { type Delivery, linkEmulator } from './support/emulator-link.ts';
import { stop, waitReady } from './support/processes.ts';
import { percentile } from './support/stats.ts';
import { webhookPoster } from './support/webhook-poster.ts';

const SECRET = 'bench-channel-secret';
const TOKEN = 'bench-access-token';
const role = process.argv[2] ?? 'main';

if (role === 'emulator') await runEmulator();
else if (role === 'server') await runAppServer();
else await runMain();

// ——— the LINE API emulator: registers users, issues reply tokens, reports each delivery over IPC ———

async function runEmulator(): Promise<void> {
  const { startLineEmulator } = await import('../src/line/emulator/index.ts');
  const emulator = await startLineEmulator({ channelAccessToken: TOKEN, logger: false });
  emulator.onDelivery((d) =>
    process.send?.({
      delivery: { userId: d.userId, at: d.at.getTime(), kind: d.kind, text: JSON.stringify(d.messages) },
    }),
  );
  process.on('message', (request: { users?: string[]; tokens?: string[] }) => {
    if (request.users) {
      for (const userId of request.users) emulator.addUser({ userId, displayName: '住民', language: 'ja' });
      process.send?.({ ok: true });
    } else if (request.tokens) {
      process.send?.({ tokens: request.tokens.map((userId) => emulator.issueReplyToken(userId)) });
    }
  });
  process.on('SIGTERM', () => void emulator.close().then(() => process.exit(0)));
  process.send?.({ baseUrl: emulator.baseUrl });
}

// ——— the load ———

async function runMain(): Promise<void> {
  const { postbackData } = await import('../src/events/postback-data.ts');
  const { flowData } = await import('../src/features/reservations/chat/postback.ts');
  const { upsertService } = await import('../src/features/reservations/service-repository.ts');
  const { listSlots, upsertSlots } = await import('../src/features/reservations/slot-repository.ts');
  const { cityDate, cityInstant } = await import('../src/features/reservations/types.ts');

  const RESIDENTS = Number(process.env.BENCH_RESIDENTS ?? 2_000);
  const DAYS = 10;
  const TIMES_PER_DAY = 10;
  const SEATS = Number(process.env.BENCH_SEATS ?? 5);
  const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 100);
  /** Share of residents who press 予約する twice (a double tap): the second must not book again. */
  const DOUBLE_TAP = 0.1;
  const PORT = 3911;

  // The emulator.
  const emulator = await linkEmulator(import.meta.filename);
  const { baseUrl, deliveries, waiting, ask } = emulator;

  // The database.
  const benchDb = await createBenchDatabase('lcp_bench_res');
  const dbUrl = benchDb.url;
  const dataDir = await mkdtemp(path.join(tmpdir(), 'lcp-bench-res-'));
  let server: ChildProcess | undefined;
  const db = new pg.Pool({ connectionString: dbUrl, max: 4 });

  try {
    const profile = process.env.BENCH_PROFILE
      ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`]
      : [];
    server = spawn(process.execPath, [...profile, import.meta.filename, 'server'], {
      env: {
        ...process.env,
        PORT: String(PORT),
        DATABASE_URL: dbUrl,
        DATA_DIR: dataDir,
        LINE_CHANNEL_SECRET: SECRET,
        LINE_CHANNEL_ACCESS_TOKEN: TOKEN,
        LINE_API_BASE_URL: baseUrl,
        LINE_DATA_API_BASE_URL: baseUrl,
        LOG_LEVEL: 'error',
        EVENT_WORKER_CONCURRENCY: process.env.EVENT_WORKER_CONCURRENCY ?? '16',
        DATABASE_POOL_SIZE: process.env.DATABASE_POOL_SIZE ?? '10',
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    await waitReady(`http://127.0.0.1:${PORT}/readyz`);

    // The schedule: 100 slots (10 days × 10 times from tomorrow) × SEATS seats, one service.
    const firstDay = cityDate(new Date(Date.now() + 86_400_000));
    await upsertService(db, {
      id: 'bench',
      name: { ja: '確定申告相談（ベンチ）' },
      description: {},
      whatToBring: { ja: 'マイナンバーカード' },
      place: { ja: '市役所 2階' },
      receptionStartsOn: null,
      receptionEndsOn: null,
      opensDaysAhead: 30,
      cutoffMinutes: 60,
      oneActivePerUser: true,
      closedDates: [],
      active: true,
    });
    const planned = [];
    for (let d = 0; d < DAYS; d += 1) {
      const date = cityDate(new Date(cityInstant(firstDay, '12:00').getTime() + d * 86_400_000));
      for (let t = 0; t < TIMES_PER_DAY; t += 1) {
        const start = cityInstant(date, '09:00').getTime() + t * 1_800_000;
        planned.push({ startsAt: new Date(start), endsAt: new Date(start + 1_800_000) });
      }
    }
    await upsertSlots(db, 'bench', planned, SEATS);
    const slots = await listSlots(
      db,
      'bench',
      cityInstant(firstDay, '00:00'),
      new Date(Date.now() + 60 * 86_400_000),
    );
    const capacity = slots.length * SEATS;

    // The residents: followers of the account, each aiming at one slot (RESIDENTS / 100 per slot).
    const residents = Array.from({ length: RESIDENTS }, (_, i) => {
      const slot = slots[i % slots.length];
      if (!slot) throw new Error('no slots');
      return {
        userId: `U${randomBytes(16).toString('hex')}`,
        slotId: slot.id,
        date: cityDate(slot.startsAt),
        k: '',
      };
    });
    await db.query(
      `INSERT INTO line_users (user_id, display_name, language) SELECT u, '住民', 'ja' FROM unnest($1::text[]) u`,
      [residents.map((r) => r.userId)],
    );
    await ask({ users: residents.map((r) => r.userId) });

    // Bounded HTTP concurrency, like LINE's own delivery; acks: how long the webhook took to answer 200.
    const postEvent = webhookPoster({
      port: PORT,
      secret: SECRET,
      connections: CONNECTIONS,
      idPrefix: '01RES',
    });
    const acks: number[] = [];
    async function post(userId: string, data: string, replyToken: string): Promise<number> {
      const sentAt = await postEvent({
        type: 'postback',
        source: { type: 'user', userId },
        replyToken,
        postback: { data },
      });
      acks.push(Date.now() - sentAt);
      return sentAt;
    }
    /** Sends one postback and waits for the resident's answer (a reply, or a push if the token lapsed). */
    function step(
      userId: string,
      data: string,
      token: string,
    ): Promise<{ sentAt: number; answer: Delivery }> {
      const answered = new Promise<Delivery>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no answer to ${userId} for ${data}`)), 120_000);
        waiting.set(userId, (d) => {
          clearTimeout(timer);
          resolve(d);
        });
      });
      return post(userId, data, token).then(async (sentAt) => ({ sentAt, answer: await answered }));
    }
    const tokensFor = async (list: string[]) => (await ask<{ tokens: string[] }>({ tokens: list })).tokens;

    // Phase 1: every resident browses to the confirmation card, as in the chat (reads; not timed for the result).
    console.log(
      `bench:reservations — ${RESIDENTS} residents, ${slots.length} slots × ${SEATS} seats (capacity ${capacity}), ${CONNECTIONS} connections, PostgreSQL ${benchDb.label}`,
    );
    const browseStarted = Date.now();
    const browseTokens = await tokensFor(residents.flatMap((r) => [r.userId, r.userId, r.userId]));
    await Promise.all(
      residents.map(async (r, i) => {
        const opened = await step(
          r.userId,
          postbackData({ action: 'menu', item: 'reservations' }),
          browseTokens[3 * i] as string,
        );
        r.k = sessionKey(opened.answer.text);
        await step(r.userId, flowData(r.k, { op: 'day', d: r.date }), browseTokens[3 * i + 1] as string);
        const confirm = await step(
          r.userId,
          flowData(r.k, { op: 'slot', slot: r.slotId }),
          browseTokens[3 * i + 2] as string,
        );
        if (!confirm.answer.text.includes(flowData(r.k, { op: 'book', slot: r.slotId }))) {
          throw new Error(`resident ${r.userId} did not get the confirmation card for slot ${r.slotId}`);
        }
      }),
    );
    console.log(
      `browsing: ${RESIDENTS * 3} steps answered in ${((Date.now() - browseStarted) / 1000).toFixed(1)} s`,
    );

    // Phase 2: everyone presses 予約する at once; some press twice.
    acks.length = 0;
    const doubles = residents.filter((_, i) => i % Math.round(1 / DOUBLE_TAP) === 0);
    const bookTokens = await tokensFor([...residents.map((r) => r.userId), ...doubles.map((r) => r.userId)]);
    const burstStarted = Date.now();
    const answers = await Promise.all(
      residents.map((r, i) =>
        step(r.userId, flowData(r.k, { op: 'book', slot: r.slotId }), bookTokens[i] as string),
      ),
    );
    const firstAnswersDone = Date.now();
    await Promise.all(
      doubles.map((r, i) =>
        post(r.userId, flowData(r.k, { op: 'book', slot: r.slotId }), bookTokens[RESIDENTS + i] as string),
      ),
    );
    // The double taps are answered too (as stale buttons); wait until every event is handled.
    for (;;) {
      const open = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM webhook_events WHERE status IN ('pending', 'processing')`,
      );
      if (open.rows[0]?.n === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }

    const latencies = answers.map((a) => a.answer.at - a.sentAt).sort((a, b) => a - b);
    const ackSorted = [...acks].sort((a, b) => a - b);
    const seconds = (firstAnswersDone - burstStarted) / 1000;
    const booked = Number(
      (await db.query(`SELECT count(*) AS n FROM reservations WHERE status = 'booked'`)).rows[0].n,
    );
    const seats = Number(
      (await db.query('SELECT coalesce(sum(booked), 0) AS n FROM reservation_slots')).rows[0].n,
    );
    const overfull = Number(
      (await db.query('SELECT count(*) AS n FROM reservation_slots WHERE booked > capacity')).rows[0].n,
    );
    const mismatched = Number(
      (
        await db.query(
          `SELECT count(*) AS n FROM reservation_slots s
            WHERE s.booked <> (SELECT count(*) FROM reservations r WHERE r.slot_id = s.id AND r.status = 'booked')`,
        )
      ).rows[0].n,
    );
    const twice = Number(
      (
        await db.query(
          `SELECT count(*) AS n FROM (SELECT user_id FROM reservations GROUP BY user_id HAVING count(*) > 1) t`,
        )
      ).rows[0].n,
    );
    const failedEvents = Number(
      (await db.query(`SELECT count(*) AS n FROM webhook_events WHERE status <> 'done'`)).rows[0].n,
    );
    const expected = Math.min(capacity, RESIDENTS);
    console.log(`booking burst: ${RESIDENTS} presses of 予約する (+${doubles.length} double taps)`);
    console.log(
      `  bookings/s          ${(booked / seconds).toFixed(0)}  (${booked} booked; all ${RESIDENTS} answered in ${seconds.toFixed(2)} s → ${(RESIDENTS / seconds).toFixed(0)} attempts/s)`,
    );
    console.log(
      `  answer latency      p50 ${percentile(latencies, 50)} ms   p99 ${percentile(latencies, 99)} ms   (webhook → the resident's answer at LINE)`,
    );
    console.log(
      `  webhook 200 latency p50 ${percentile(ackSorted, 50)} ms   p99 ${percentile(ackSorted, 99)} ms`,
    );
    const checks: [string, boolean][] = [
      [`exactly the capacity booked (${booked} of ${expected})`, booked === expected],
      [
        `seat counts match the reservations (${seats} seats counted, ${mismatched} slots differ)`,
        seats === booked && mismatched === 0,
      ],
      [`no slot over capacity (${overfull})`, overfull === 0],
      [`no resident booked twice (${twice})`, twice === 0],
      [`every event handled (${failedEvents} not done)`, failedEvents === 0],
    ];
    for (const [what, ok] of checks) console.log(`  count check: ${ok ? 'OK  ' : 'FAIL'} ${what}`);
    const kinds: Record<string, number> = {};
    for (const d of deliveries) kinds[d.kind] = (kinds[d.kind] ?? 0) + 1;
    console.log(`  LINE API deliveries ${JSON.stringify(kinds)}`);
    if (checks.some(([, ok]) => !ok)) process.exitCode = 1;
  } catch (error) {
    // What the server made of the events, to tell a lost answer from a failed or still-running event.
    const summary = await db.query(
      `SELECT status, attempts, left(coalesce(last_error, ''), 200) AS error, count(*)::int AS n
         FROM webhook_events GROUP BY 1, 2, 3 ORDER BY n DESC LIMIT 10`,
    );
    console.error('events by status:', summary.rows);
    throw error;
  } finally {
    await db.end();
    if (server) await stop(server);
    emulator.proc.kill('SIGTERM');
    await benchDb.drop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** The conversation's session key from the buttons of the flow's answer. */
function sessionKey(messagesJson: string): string {
  for (const match of messagesJson.matchAll(/"data":"([^"]+)"/g)) {
    const fields = new URLSearchParams(match[1]);
    const k = fields.get('k');
    if (fields.get('flow') === 'reservation' && k) return k;
  }
  throw new Error(`no reservation button in the answer: ${messagesJson.slice(0, 300)}`);
}
