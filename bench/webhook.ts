// bench:webhook — signed single-event webhooks (a new webhookEventId each) against the full server on
// PostgreSQL and, under the same load, two reference servers; prints events/s, latency p50/p99 and ratios.
// Load comes from autocannon in this process; each server runs in a process of its own.
import { type ChildProcess, fork, spawn } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { createBenchDatabase } from './bench-database.ts';
import { stop, waitReady } from './support/processes.ts';

const SECRET = 'bench-channel-secret';
const TOKEN = 'bench-access-token';
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const USERS = 500;

const emulatorProcess = fork(path.join(import.meta.dirname, 'emulator-process.ts'), [], {
  env: { ...process.env, BENCH_TOKEN: TOKEN },
});
function ask<T>(request: object): Promise<T> {
  return new Promise((resolve) => {
    emulatorProcess.once('message', (answer) => resolve(answer as T));
    emulatorProcess.send(request);
  });
}
const { baseUrl: emulatorUrl } = await new Promise<{ baseUrl: string }>((resolve) =>
  emulatorProcess.once('message', (m) => resolve(m as { baseUrl: string })),
);
const userIds = Array.from({ length: USERS }, () => `U${randomBytes(16).toString('hex')}`);
await ask({ users: userIds });
// Reply tokens are issued ahead, in bulk, so the load generator never waits for the emulator.
const TOKENS = Number(process.env.BENCH_TOKENS ?? 400_000);
const plannedUsers = Array.from({ length: TOKENS }, (_, i) => userIds[i % USERS] as string);
const { tokens } = await ask<{ tokens: string[] }>({ tokens: plannedUsers });

const benchDb = await createBenchDatabase('lcp_bench');
const dbUrl = benchDb.url;
const dataDir = await mkdtemp(path.join(tmpdir(), 'lcp-bench-'));

let counter = 0;
function signedEvent(): { body: string; signature: string } {
  counter += 1;
  const userId = plannedUsers[counter % TOKENS] as string;
  const body = JSON.stringify({
    destination: 'Ubench',
    events: [
      {
        type: 'message',
        mode: 'active',
        timestamp: Date.now(),
        source: { type: 'user', userId },
        webhookEventId: `01BENCH${randomBytes(10).toString('hex').toUpperCase()}`.slice(0, 26),
        deliveryContext: { isRedelivery: false },
        replyToken: tokens[counter % TOKENS],
        message: {
          type: 'sticker',
          id: String(counter),
          quoteToken: 'q',
          packageId: '446',
          stickerId: '1988',
        },
      },
    ],
  });
  return { body, signature: createHmac('sha256', SECRET).update(body).digest('base64') };
}

interface Result {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

async function load(port: number, rate?: number): Promise<Result> {
  const result = await autocannon({
    url: `http://127.0.0.1:${port}/webhook`,
    method: 'POST',
    connections: CONNECTIONS,
    duration: DURATION,
    ...(rate ? { overallRate: rate } : {}),
    requests: [
      {
        setupRequest: (request) => {
          const { body, signature } = signedEvent();
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
    errors: result.errors,
    non2xx: result.non2xx,
  };
}

async function reference(mode: 'bare' | 'insert', port: number): Promise<Result> {
  const proc = fork(path.join(import.meta.dirname, 'reference-server.ts'), [mode, String(port), dbUrl], {
    env: { ...process.env, LINE_CHANNEL_SECRET: SECRET },
  });
  await new Promise((resolve) => proc.once('message', resolve));
  await load(port); // warm-up round, not counted
  const result = await load(port);
  await stop(proc);
  return result;
}

function startServer(port: number, workers: boolean): ChildProcess {
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir=/tmp/prof'] : [];
  return spawn(process.execPath, [...profile, path.join(import.meta.dirname, '..', 'src', 'server.ts')], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: dbUrl,
      DATA_DIR: dataDir,
      LINE_CHANNEL_SECRET: SECRET,
      LINE_CHANNEL_ACCESS_TOKEN: TOKEN,
      LINE_API_BASE_URL: emulatorUrl,
      LINE_DATA_API_BASE_URL: emulatorUrl,
      LOG_LEVEL: 'error',
      EVENT_WORKER_CONCURRENCY: process.env.EVENT_WORKER_CONCURRENCY ?? '16',
      DATABASE_POOL_SIZE: process.env.DATABASE_POOL_SIZE ?? '10',
      EVENT_WORKERS_ENABLED: String(workers),
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}

/** An intake-tier instance (EVENT_WORKERS_ENABLED=false): answers webhooks only; its events stay pending. */
async function intakeOnly(port: number): Promise<Result> {
  const proc = startServer(port, false);
  await waitReady(`http://127.0.0.1:${port}/readyz`);
  const result = await load(port);
  await stop(proc);
  return result;
}

async function full(
  port: number,
): Promise<{ max: Result; fixed: Result; handled: number; handledPerSec: number }> {
  const proc = startServer(port, true);
  await waitReady(`http://127.0.0.1:${port}/readyz`);
  await load(port, 500); // warm-up
  const max = await load(port);
  const fixed = await load(port, 1000);
  // Handling runs behind the answers: wait for the backlog to drain and report how fast it went.
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  const started = Date.now();
  const firstDone = Number(
    (await client.query(`SELECT count(*) FROM webhook_events WHERE status = 'done'`)).rows[0].count,
  );
  for (;;) {
    const open = Number(
      (await client.query(`SELECT count(*) FROM webhook_events WHERE status IN ('pending','processing')`))
        .rows[0].count,
    );
    if (open === 0 || Date.now() - started > 120_000) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  const handled = Number(
    (await client.query(`SELECT count(*) FROM webhook_events WHERE status = 'done'`)).rows[0].count,
  );
  const drainSeconds = (Date.now() - started) / 1000;
  await client.end();
  await stop(proc);
  return {
    max,
    fixed,
    handled,
    handledPerSec: drainSeconds > 0.5 ? (handled - firstDone) / drainSeconds : Number.NaN,
  };
}

try {
  console.log(
    `bench:webhook — ${DURATION}s per run, ${CONNECTIONS} connections, PostgreSQL ${benchDb.label}`,
  );
  const bare = await reference('bare', 3901);
  const insert = await reference('insert', 3902);
  const server = await full(3903);
  const tier = await intakeOnly(3904);
  const row = (name: string, r: Result) =>
    console.log(
      `${name.padEnd(44)} ${r.rps.toFixed(0).padStart(7)} events/s   p50 ${String(r.p50).padStart(4)} ms   p99 ${String(r.p99).padStart(4)} ms   errors ${r.errors + r.non2xx}`,
    );
  row('reference: bare route (signature only)', bare);
  row('reference: bare route + one INSERT per event', insert);
  row('full intake path (this server)', server.max);
  row('full intake path at a fixed 1,000 events/s', server.fixed);
  row('intake tier (EVENT_WORKERS_ENABLED=false)', tier);
  console.log(`ratio full / bare route            ${(server.max.rps / bare.rps).toFixed(3)}`);
  console.log(
    `ratio full / one-insert ceiling    ${(server.max.rps / insert.rps).toFixed(3)}  (handling runs alongside)`,
  );
  console.log(`ratio intake tier / one-insert     ${(tier.rps / insert.rps).toFixed(3)}`);
  console.log(
    `events handled (replied) in total  ${server.handled}; backlog drained at ~${server.handledPerSec.toFixed(0)} events/s`,
  );
  const stats = await ask<{ rejected: number; deliveries: Record<string, number> }>({ stats: true });
  console.log(
    `LINE API deliveries ${JSON.stringify(stats.deliveries)}; rejected by the emulator: ${stats.rejected}`,
  );
} finally {
  emulatorProcess.kill('SIGTERM');
  await benchDb.drop();
  await rm(dataDir, { recursive: true, force: true });
}
