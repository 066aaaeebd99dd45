// Runs the whole server on a loopback port against its own database and the local LINE API emulator, and
// drives it the way LINE does: signed webhooks over HTTP.
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.ts';
import { type Config, loadConfig } from '../../src/config.ts';
import type { LineEmulator } from '../../src/line/emulator/index.ts';
import { startLineEmulator } from '../../src/line/emulator/index.ts';
import { createTestDatabase, type TestDatabase } from './test-database.ts';
import {
  type LineEvent,
  newUserId,
  sign,
  TEST_ACCESS_TOKEN,
  TEST_CHANNEL_SECRET,
  webhookBody,
} from './webhook-events.ts';

export interface Harness {
  app: FastifyInstance;
  emulator: LineEmulator;
  db: TestDatabase;
  config: Config;
  url: string;
  /** POSTs a body to /webhook, signed unless headers say otherwise. */
  post(body: string, headers?: Record<string, string>): Promise<Response>;
  send(...events: LineEvent[]): Promise<Response>;
  /** A user LINE knows (profile), with a fresh id. */
  newUser(displayName: string, language?: string): string;
  query<T extends Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /**
   * Stops the server and starts a new one on the same database, emulator and clock, as a redeploy would;
   * `app` and `url` then name the new one.
   */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** The app's clock (reservation rules, desk, reminders); the real time by default. */
  now?: () => Date;
}

export async function startHarness(
  env: Record<string, string> = {},
  options: HarnessOptions = {},
): Promise<Harness> {
  const db = await createTestDatabase();
  const emulator = await startLineEmulator({ channelAccessToken: TEST_ACCESS_TOKEN });
  const config = loadConfig({
    ...(db.databaseUrl ? { DATABASE_URL: db.databaseUrl } : {}),
    DATA_DIR: db.dataDir,
    LINE_CHANNEL_SECRET: TEST_CHANNEL_SECRET,
    LINE_CHANNEL_ACCESS_TOKEN: TEST_ACCESS_TOKEN,
    LINE_API_BASE_URL: emulator.baseUrl,
    LINE_DATA_API_BASE_URL: emulator.baseUrl,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...env,
  });
  const start = async (): Promise<{ app: FastifyInstance; url: string }> => {
    const started = await buildApp({ config, workerPollMs: 100, now: options.now });
    await started.listen({ port: 0, host: '127.0.0.1' });
    const address = started.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    return { app: started, url: `http://127.0.0.1:${port}` };
  };
  let { app, url } = await start();

  const post = (body: string, headers?: Record<string, string>) =>
    fetch(`${url}/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-line-signature': sign(body), ...headers },
      body,
    });

  return {
    get app() {
      return app;
    },
    emulator,
    db,
    config,
    get url() {
      return url;
    },
    post,
    send: (...events) => post(webhookBody(events)),
    newUser(displayName, language) {
      const userId = newUserId();
      emulator.addUser({ userId, displayName, ...(language ? { language } : {}) });
      return userId;
    },
    async query(sql, params) {
      return (await app.pg.query(sql, params)).rows;
    },
    async restart() {
      await app.close();
      ({ app, url } = await start());
    },
    async close() {
      await app.close();
      await emulator.close();
      await db.drop();
    },
  };
}

/** Polls until the check passes (returns a truthy value) or the time runs out. */
export async function waitFor<T>(
  check: () => T | Promise<T>,
  what: string,
  timeoutMs = 10_000,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
