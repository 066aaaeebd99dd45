// The server as a process: it starts without a LINE channel and says how to configure one, refuses a bad or
// empty setting naming it, refuses local mode over a database it must not take over, keeps local mode on
// loopback unless HOST says otherwise, and on SIGTERM finishes the event it is handling before it exits.
import { mkdtemp, rm } from 'node:fs/promises';
import { networkInterfaces, tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LineEmulator, startLineEmulator } from '../../src/line/emulator/index.ts';
import { waitFor } from '../helpers/harness.ts';
import { type ServerProcess, spawnServer } from '../helpers/server-process.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts';
import {
  events,
  newUserId,
  postWebhook,
  TEST_ACCESS_TOKEN,
  TEST_CHANNEL_SECRET,
} from '../helpers/webhook-events.ts';

let db: TestDatabase;
let emulator: LineEmulator;
beforeAll(async () => {
  db = await createTestDatabase();
  emulator = await startLineEmulator({ channelAccessToken: TEST_ACCESS_TOKEN });
});
afterAll(async () => {
  await emulator?.close();
  await db?.drop();
});

function databaseEnv(): Record<string, string> {
  return { DATA_DIR: db.dataDir, ...(db.databaseUrl ? { DATABASE_URL: db.databaseUrl } : {}) };
}

async function withTempDir<T>(run: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(tmpdir(), 'lcp-server-'));
  try {
    return await run(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function stop(server: ServerProcess): Promise<void> {
  server.proc.kill('SIGTERM');
  expect(await server.exited).toBe(0);
}

/** The address the local-mode notice says the server listens on. */
async function listeningAddress(server: ServerProcess): Promise<string> {
  return waitFor(() => {
    for (const line of server.output().split('\n')) {
      if (!line.includes('"listening"')) continue;
      return (JSON.parse(line) as { listening: { address: string } }).listening.address;
    }
    return undefined;
  }, 'the local-mode notice');
}

/** This machine's first address other than loopback, if it has one. */
function externalAddress(): string | undefined {
  return Object.values(networkInterfaces())
    .flat()
    .find((info) => info && info.family === 'IPv4' && !info.internal)?.address;
}

async function answers(url: string): Promise<boolean> {
  return fetch(url, { signal: AbortSignal.timeout(3_000) }).then(
    (res) => res.ok,
    () => false,
  );
}

describe('src/server.ts', () => {
  it('starts without a LINE channel (LOCAL_MODE=off), says how to configure one, and refuses webhooks', async () => {
    const server = await spawnServer({ ...databaseEnv(), LOG_LEVEL: 'info', LOCAL_MODE: 'off' });
    try {
      // The notice is logged right after listening, which can trail readiness by a moment.
      await waitFor(() => /No LINE channel is configured/.test(server.output()), 'the no-channel notice');
      expect(server.output()).toMatch(/No LINE channel is configured/);
      expect(server.output()).toMatch(/LINE_CHANNEL_SECRET and LINE_CHANNEL_ACCESS_TOKEN/);
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      const res = await postWebhook(server.url, [events.text({ userId: newUserId() }, 'hi')]);
      expect(res.status).toBe(401);
    } finally {
      await stop(server);
    }
  });

  it('stops at boot on a bad setting, naming the variable', async () => {
    await withTempDir(async (dir) => {
      const server = await spawnServer(
        { DATA_DIR: dir, PORT: '3000', LOG_LEVEL: 'chatty' },
        { waitReady: false },
      );
      expect(await server.exited).toBe(1);
      expect(server.output()).toMatch(/LOG_LEVEL: /);
    });
  });

  it('stops at boot on empty LINE variables (secrets not injected) instead of starting local mode', async () => {
    await withTempDir(async (dir) => {
      const server = await spawnServer(
        { DATA_DIR: dir, LINE_CHANNEL_SECRET: '', LINE_CHANNEL_ACCESS_TOKEN: ' ' },
        { waitReady: false },
      );
      expect(await server.exited).toBe(1);
      expect(server.output()).toMatch(/LINE_CHANNEL_SECRET: is empty — remove it or give a value/);
      expect(server.output()).toMatch(/LINE_CHANNEL_ACCESS_TOKEN: is empty/);
      expect(server.output()).not.toMatch(/Local mode/);
    });
  });

  it('refuses auto local mode over DATABASE_URL, naming what to set', async () => {
    await withTempDir(async (dir) => {
      const server = await spawnServer(
        { DATA_DIR: dir, DATABASE_URL: db.databaseUrl ?? 'postgres://nobody@127.0.0.1:1/none' },
        { waitReady: false },
      );
      expect(await server.exited).toBe(1);
      expect(server.output()).toMatch(/DATABASE_URL is set but no LINE channel is configured/);
      expect(server.output()).toMatch(/LINE_CHANNEL_SECRET and LINE_CHANNEL_ACCESS_TOKEN/);
      expect(server.output()).toMatch(/LOCAL_MODE=on/);
    });
  });

  it('refuses auto local mode over an embedded database that served a real channel', async () => {
    await withTempDir(async (dir) => {
      const real = await spawnServer({
        DATA_DIR: dir,
        LINE_CHANNEL_SECRET: TEST_CHANNEL_SECRET,
        LINE_CHANNEL_ACCESS_TOKEN: TEST_ACCESS_TOKEN,
        LINE_API_BASE_URL: emulator.baseUrl,
        LINE_DATA_API_BASE_URL: emulator.baseUrl,
        LOG_LEVEL: 'warn',
      });
      await stop(real);
      const local = await spawnServer({ DATA_DIR: dir }, { waitReady: false });
      expect(await local.exited).toBe(1);
      expect(local.output()).toMatch(
        /Local mode refused: the embedded database in .* has served a real LINE/,
      );
      expect(local.output()).not.toMatch(/Server listening/);
    });
  }, 90_000);

  it('with LOCAL_MODE=on listens on loopback only, unless HOST is given', async () => {
    const external = externalAddress();
    const loopback = await spawnServer({ ...databaseEnv(), LOCAL_MODE: 'on', HOST: undefined });
    try {
      expect(await listeningAddress(loopback)).toBe('127.0.0.1');
      expect(loopback.output()).toMatch(/listens on 127\.0\.0\.1 only/);
      if (external) expect(await answers(`http://${external}:${loopback.port}/healthz`)).toBe(false);
    } finally {
      await stop(loopback);
    }
    // The same database again: LOCAL_MODE=on recorded it as local mode's (PGlite) or was told so (PostgreSQL).
    const open = await spawnServer({ ...databaseEnv(), LOCAL_MODE: 'on', HOST: '0.0.0.0' });
    try {
      expect(await listeningAddress(open)).toBe('0.0.0.0');
      expect(open.output()).toMatch(/HOST=0\.0\.0\.0: anyone who reaches this address can use the simulator/);
      if (external) expect(await answers(`http://${external}:${open.port}/healthz`)).toBe(true);
    } finally {
      await stop(open);
    }
  }, 90_000);

  it('finishes the event it is handling on SIGTERM, then exits', async () => {
    const server = await spawnServer({
      ...databaseEnv(),
      LINE_CHANNEL_SECRET: TEST_CHANNEL_SECRET,
      LINE_CHANNEL_ACCESS_TOKEN: TEST_ACCESS_TOKEN,
      LINE_API_BASE_URL: emulator.baseUrl,
      LINE_DATA_API_BASE_URL: emulator.baseUrl,
      LOG_LEVEL: 'error',
    });
    const userId = newUserId();
    emulator.addUser({ userId, displayName: 'Sora', language: 'en' });
    // The profile look-up fails twice (LINE asks to wait a second), so handling is under way at SIGTERM.
    emulator.failNext({
      method: 'GET',
      path: /\/v2\/bot\/profile\//,
      status: 429,
      times: 2,
      headers: { 'retry-after': '1' },
    });
    const res = await postWebhook(server.url, [
      events.follow({ userId, replyToken: emulator.issueReplyToken(userId) }),
    ]);
    expect(res.status).toBe(200);
    await waitFor(
      () => emulator.requests.some((r) => r.path === `/v2/bot/profile/${userId}`),
      'handling to start',
    );
    server.proc.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    const mine = emulator.deliveries.filter((d) => d.userId === userId);
    expect(mine).toHaveLength(1);
    expect(mine[0]?.kind).toBe('reply');
  }, 60_000);
});
