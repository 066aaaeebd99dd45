// bench:webhook — signed webhooks (text and postback events that read, write and answer) against the real server
// in a process of its own, with the LINE API double in another; prints, in one run: the reference ceilings (bare
// route, one INSERT per event), the full server's throughput as a ratio to the one-insert ceiling, the handling
// rate of a stored backlog, and at a fixed offered rate the share of answers sent as replies, the latency from
// the webhook to the answer reaching the LINE API (p50/p99) and answers lost or sent twice — on PostgreSQL and on
// the embedded database. This file is also the emulator's process (started with the role 'emulator').
import { type ChildProcess, fork, spawn } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { createBenchDatabase } from './bench-database.ts';
import { forkRole, stop, waitReady } from './support/processes.ts';
import { percentile } from './support/stats.ts';

const SECRET = 'bench-channel-secret';
const TOKEN = 'bench-access-token';
const role = process.argv[2] ?? 'main';

interface Answer {
  userId: string;
  at: number;
  kind: string;
}

if (role === 'emulator') await runEmulator();
else await runMain();

// ——— the LINE API double: users, reply tokens, and every delivery kept until asked for ———

async function runEmulator(): Promise<void> {
  const { startLineEmulator } = await import('../src/line/emulator/index.ts');
  // The server decides reply or push by the event's own timestamp (REPLY_TOKEN_MAX_AGE_SECONDS); the double's
  // token lifetime only has to outlast a phase, since tokens are issued before the phase starts.
  const emulator = await startLineEmulator({
    channelAccessToken: TOKEN,
    logger: false,
    replyTokenTtlMs: 15 * 60_000,
  });
  const answers: Answer[] = [];
  emulator.onDelivery((d) => answers.push({ userId: d.userId, at: d.at.getTime(), kind: d.kind }));
  process.on('message', (request: { users?: string[]; tokens?: string[]; take?: true }) => {
    if (request.users) {
      for (const userId of request.users) emulator.addUser({ userId, displayName: '住民', language: 'ja' });
      process.send?.({ ok: true });
    } else if (request.tokens) {
      process.send?.({ tokens: request.tokens.map((userId) => emulator.issueReplyToken(userId)) });
    } else if (request.take) {
      process.send?.({ answers: answers.splice(0), rejected: emulator.rejected.length });
    }
  });
  process.on('SIGTERM', () => void emulator.close().then(() => process.exit(0)));
  process.send?.({ baseUrl: emulator.baseUrl });
}

// ——— the load ———

interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

interface Phase {
  /** Send time of each event per user, in order (a chat's answers come in the same order). */
  sent: Map<string, number[]>;
  tokens: string[];
  next: number;
}

async function runMain(): Promise<void> {
  const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
  const FIXED_SECONDS = Number(process.env.BENCH_FIXED_SECONDS ?? 60);
  const RATE = Number(process.env.BENCH_RATE ?? 1000);
  const EMBEDDED_SECONDS = Number(process.env.BENCH_EMBEDDED_SECONDS ?? 20);
  const BACKLOG = Number(process.env.BENCH_BACKLOG ?? 20_000);
  const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
  const USERS = Number(process.env.BENCH_USERS ?? 2_000);
  const workerEnv = {
    EVENT_WORKER_CONCURRENCY: process.env.EVENT_WORKER_CONCURRENCY ?? '16',
    DATABASE_POOL_SIZE: process.env.DATABASE_POOL_SIZE ?? '10',
  };

  const emulator = forkRole<{ baseUrl: string }>(import.meta.filename, 'emulator');
  const { baseUrl: emulatorUrl } = await emulator.first;
  const userIds = Array.from({ length: USERS }, () => `U${randomBytes(16).toString('hex')}`);
  await emulator.ask({ users: userIds });

  const benchDb = await createBenchDatabase('lcp_bench');
  const dataDir = await mkdtemp(path.join(tmpdir(), 'lcp-bench-'));
  const embeddedDir = await mkdtemp(path.join(tmpdir(), 'lcp-bench-embedded-'));
  let counter = 0;

  /** Tokens for `count` events, users in turn, issued just before the phase that spends them. */
  async function phase(count: number): Promise<Phase> {
    const planned = Array.from({ length: count }, (_, i) => userIds[(counter + i) % USERS] as string);
    const { tokens } = await emulator.ask<{ tokens: string[] }>({ tokens: planned });
    return { sent: new Map(), tokens, next: 0 };
  }

  /** Half text messages, half rich-menu postbacks: each reads the user's state, writes, and answers. */
  function signedEvent(current: Phase): { body: string; signature: string } {
    const userId = userIds[counter % USERS] as string;
    counter += 1;
    const replyToken = current.tokens[current.next % current.tokens.length];
    current.next += 1;
    const common = {
      mode: 'active',
      timestamp: Date.now(),
      source: { type: 'user', userId },
      webhookEventId: `01BENCH${randomBytes(10).toString('hex').toUpperCase()}`.slice(0, 26),
      deliveryContext: { isRedelivery: false },
      replyToken,
    };
    const event =
      counter % 2 === 0
        ? {
            ...common,
            type: 'message',
            message: { type: 'text', id: String(counter), quoteToken: 'q', text: '予約の確認' },
          }
        : { ...common, type: 'postback', postback: { data: 'action=menu&item=myReservations' } };
    const list = current.sent.get(userId) ?? [];
    list.push(Date.now());
    current.sent.set(userId, list);
    const body = JSON.stringify({ destination: 'Ubench', events: [event] });
    return { body, signature: createHmac('sha256', SECRET).update(body).digest('base64') };
  }

  async function load(port: number, seconds: number, current: Phase, rate?: number): Promise<LoadResult> {
    const result = await autocannon({
      url: `http://127.0.0.1:${port}/webhook`,
      method: 'POST',
      connections: CONNECTIONS,
      duration: seconds,
      ...(rate ? { overallRate: rate } : {}),
      requests: [
        {
          setupRequest: (request) => {
            const { body, signature } = signedEvent(current);
            return {
              ...request,
              body,
              headers: { 'content-type': 'application/json', 'x-line-signature': signature },
            };
          },
        },
      ],
    });
    return {
      rps: result.requests.average,
      p50: result.latency.p50,
      p99: result.latency.p99,
      errors: result.errors + result.non2xx,
    };
  }

  async function reference(mode: 'bare' | 'insert', port: number): Promise<LoadResult> {
    const proc = fork(
      path.join(import.meta.dirname, 'reference-server.ts'),
      [mode, String(port), benchDb.url],
      {
        env: { ...process.env, LINE_CHANNEL_SECRET: SECRET },
      },
    );
    await new Promise((resolve) => proc.once('message', resolve));
    await load(port, 2, await phase(20_000)); // warm-up, not counted
    const result = await load(port, SECONDS, await phase(Math.ceil(SECONDS * 20_000)));
    await stop(proc);
    return result;
  }

  function startServer(port: number, options: { workers: boolean; embedded?: boolean }): ChildProcess {
    const profile = process.env.BENCH_PROFILE
      ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`]
      : [];
    const env: Record<string, string | undefined> = {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: options.embedded ? embeddedDir : dataDir,
      LINE_CHANNEL_SECRET: SECRET,
      LINE_CHANNEL_ACCESS_TOKEN: TOKEN,
      LINE_API_BASE_URL: emulatorUrl,
      LINE_DATA_API_BASE_URL: emulatorUrl,
      LOG_LEVEL: 'error',
      EVENT_WORKERS_ENABLED: String(options.workers),
      ...workerEnv,
    };
    if (options.embedded) delete env.DATABASE_URL;
    else env.DATABASE_URL = benchDb.url;
    return spawn(process.execPath, [...profile, path.join(import.meta.dirname, '..', 'src', 'server.ts')], {
      env,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
  }

  /** Waits until every event sent in the phase has its answer (or `graceMs` passes without a new one). */
  async function collect(current: Phase, graceMs: number): Promise<Answer[]> {
    const expected = [...current.sent.values()].reduce((n, list) => n + list.length, 0);
    const answers: Answer[] = [];
    let lastNew = Date.now();
    while (answers.length < expected && Date.now() - lastNew < graceMs) {
      await new Promise((r) => setTimeout(r, 250));
      const taken = await emulator.ask<{ answers: Answer[] }>({ take: true });
      if (taken.answers.length > 0) lastNew = Date.now();
      answers.push(...taken.answers);
    }
    await new Promise((r) => setTimeout(r, 500)); // anything sent twice arrives late
    answers.push(...(await emulator.ask<{ answers: Answer[] }>({ take: true })).answers);
    return answers;
  }

  interface AnswerFigures {
    sent: number;
    replies: number;
    pushes: number;
    lost: number;
    twice: number;
    p50: number;
    p99: number;
    lastAnswerAt: number;
  }

  /** Matches each user's answers to their events in order. */
  function figures(current: Phase, answers: Answer[]): AnswerFigures {
    const byUser = new Map<string, Answer[]>();
    for (const answer of answers) {
      const list = byUser.get(answer.userId) ?? [];
      list.push(answer);
      byUser.set(answer.userId, list);
    }
    const latencies: number[] = [];
    let sent = 0;
    let lost = 0;
    let twice = 0;
    for (const [userId, times] of current.sent) {
      const got = (byUser.get(userId) ?? []).sort((a, b) => a.at - b.at);
      sent += times.length;
      lost += Math.max(0, times.length - got.length);
      twice += Math.max(0, got.length - times.length);
      for (let i = 0; i < Math.min(times.length, got.length); i += 1) {
        latencies.push((got[i] as Answer).at - (times[i] as number));
      }
    }
    latencies.sort((a, b) => a - b);
    return {
      sent,
      replies: answers.filter((a) => a.kind === 'reply').length,
      pushes: answers.filter((a) => a.kind !== 'reply').length,
      lost,
      twice,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      lastAnswerAt: Math.max(0, ...answers.map((a) => a.at)),
    };
  }

  function printAnswers(name: string, f: AnswerFigures): void {
    const share = f.replies + f.pushes > 0 ? (100 * f.replies) / (f.replies + f.pushes) : Number.NaN;
    console.log(
      `${name.padEnd(44)} ${f.sent} events: ${f.replies} replies, ${f.pushes} pushes (${share.toFixed(2)} % replies); webhook → answer p50 ${f.p50} ms, p99 ${f.p99} ms; lost ${f.lost}, twice ${f.twice}`,
    );
  }

  function printLoad(name: string, r: LoadResult): void {
    console.log(
      `${name.padEnd(44)} ${r.rps.toFixed(0).padStart(7)} events/s   200 in p50 ${String(r.p50).padStart(4)} ms   p99 ${String(r.p99).padStart(4)} ms   refused ${r.errors}`,
    );
  }

  /** The full server: as fast as it takes webhooks, then at the fixed rate; answers counted for both. */
  async function fullServer(port: number, embedded: boolean, fixedSeconds: number) {
    const proc = startServer(port, { workers: true, embedded });
    try {
      await waitReady(`http://127.0.0.1:${port}/readyz`);
      const warm = await phase(3 * 300 * 2);
      await load(port, 3, warm, 300);
      await collect(warm, 10_000);
      const maxPhase = await phase(Math.ceil(SECONDS * 20_000));
      const startedAt = Date.now();
      const max = await load(port, SECONDS, maxPhase);
      const maxAnswers = figures(maxPhase, await collect(maxPhase, 20_000));
      const answeredPerSecond =
        (maxAnswers.sent - maxAnswers.lost) / ((maxAnswers.lastAnswerAt - startedAt) / 1000);
      // autocannon starts with a burst: tokens for half as many again, so none is ever used twice.
      const fixedPhase = await phase(Math.ceil(fixedSeconds * RATE * 1.5) + 1_000);
      const fixed = await load(port, fixedSeconds, fixedPhase, RATE);
      const fixedAnswers = figures(fixedPhase, await collect(fixedPhase, 30_000));
      return { max, maxAnswers, answeredPerSecond, fixed, fixedAnswers };
    } finally {
      await stop(proc);
    }
  }

  /** Handling alone: an intake-only instance stores a backlog, then a handling instance drains it. */
  async function backlogDrain(port: number): Promise<number> {
    const intake = startServer(port, { workers: false });
    const backlog = await phase(BACKLOG);
    try {
      await waitReady(`http://127.0.0.1:${port}/readyz`);
      await autocannon({
        url: `http://127.0.0.1:${port}/webhook`,
        method: 'POST',
        connections: CONNECTIONS,
        amount: BACKLOG,
        requests: [
          {
            setupRequest: (request) => {
              const { body, signature } = signedEvent(backlog);
              return {
                ...request,
                body,
                headers: { 'content-type': 'application/json', 'x-line-signature': signature },
              };
            },
          },
        ],
      });
    } finally {
      await stop(intake);
    }
    const client = new pg.Client({ connectionString: benchDb.url });
    await client.connect();
    const open = async () =>
      Number(
        (await client.query(`SELECT count(*) FROM webhook_events WHERE status IN ('pending','processing')`))
          .rows[0].count,
      );
    const stored = await open();
    const worker = startServer(port, { workers: true });
    try {
      await waitReady(`http://127.0.0.1:${port}/readyz`);
      const startedAt = Date.now();
      while ((await open()) > 0 && Date.now() - startedAt < 300_000)
        await new Promise((r) => setTimeout(r, 100));
      const seconds = (Date.now() - startedAt) / 1000;
      await collect(backlog, 5_000);
      return stored / seconds;
    } finally {
      await client.end();
      await stop(worker);
    }
  }

  try {
    console.log(
      `bench:webhook — ${SECONDS} s at full speed, ${FIXED_SECONDS} s at ${RATE} events/s, ${CONNECTIONS} connections, ${USERS} residents; PostgreSQL ${benchDb.label}`,
    );
    const bare = await reference('bare', 3901);
    const insert = await reference('insert', 3902);
    const pgRun = await fullServer(3903, false, FIXED_SECONDS);
    const drain = await backlogDrain(3904);
    const embedded = await fullServer(3905, true, EMBEDDED_SECONDS);

    console.log('\nreferences (same run)');
    printLoad('bare route (signature only)', bare);
    printLoad('bare route + one INSERT per event', insert);
    console.log('\nPostgreSQL');
    printLoad('full server, webhooks at full speed', pgRun.max);
    printAnswers('  their answers', pgRun.maxAnswers);
    console.log(
      `  answered ${pgRun.answeredPerSecond.toFixed(0)} events/s end to end = ${(pgRun.answeredPerSecond / insert.rps).toFixed(3)}× the one-insert ceiling (intake ${(pgRun.max.rps / insert.rps).toFixed(3)}×)`,
    );
    console.log(
      `handling a stored backlog of ${BACKLOG}: ${drain.toFixed(0)} events/s (${(drain / insert.rps).toFixed(3)}× the one-insert ceiling)`,
    );
    printLoad(`full server at ${RATE} events/s offered`, pgRun.fixed);
    printAnswers('  their answers', pgRun.fixedAnswers);
    console.log('\nembedded database (PGlite, the `npm start` default)');
    printLoad('full server, webhooks at full speed', embedded.max);
    printAnswers('  their answers', embedded.maxAnswers);
    console.log(
      `  answered ${embedded.answeredPerSecond.toFixed(0)} events/s end to end = ${(embedded.answeredPerSecond / insert.rps).toFixed(3)}× the PostgreSQL one-insert ceiling`,
    );
    printLoad(`full server at ${RATE} events/s offered (${EMBEDDED_SECONDS} s)`, embedded.fixed);
    printAnswers('  their answers', embedded.fixedAnswers);
    const { rejected } = await emulator.ask<{ rejected: number }>({ take: true });
    console.log(`\nrequests the LINE API double refused: ${rejected}`);
  } finally {
    emulator.proc.kill('SIGTERM');
    await benchDb.drop();
    await rm(dataDir, { recursive: true, force: true });
    await rm(embeddedDir, { recursive: true, force: true });
  }
}
