// Runs the whole server in local mode (no LINE channel configured) on a loopback port with its own database,
// and talks to its simulator API over real HTTP, including the Server-Sent Events stream.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import type { LocalMode } from '../../src/local/local-mode.ts';
import type { SimUser } from '../../src/local/sim-users.ts';
import type { TranscriptItem } from '../../src/local/transcript.ts';
import { waitFor } from './harness.ts';
import { createTestDatabase, type TestDatabase } from './test-database.ts';

export interface ApiAnswer<T> {
  status: number;
  headers: Headers;
  /** The parsed JSON answer, typed as the caller expects it (expect() checks it); the text when not JSON. */
  json: T;
}

export interface LocalServer {
  app: FastifyInstance;
  local: LocalMode;
  url: string;
  db: TestDatabase;
  api<T = { error?: string }>(method: string, path: string, body?: unknown): Promise<ApiAnswer<T>>;
  query<T extends Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Stops the server and starts a new one on the same database and data directory (a new emulator). */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function startLocalServer(env: Record<string, string> = {}): Promise<LocalServer> {
  const db = await createTestDatabase();
  const config = loadConfig({
    // Over PostgreSQL local mode must be asked for: auto takes only an embedded database it created.
    ...(db.databaseUrl ? { DATABASE_URL: db.databaseUrl, LOCAL_MODE: 'on' } : {}),
    DATA_DIR: db.dataDir,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...env,
  });
  const start = async (): Promise<{ app: FastifyInstance; url: string; local: LocalMode | null }> => {
    const started = await buildApp({ config, workerPollMs: 100 });
    await started.listen({ port: 0, host: '127.0.0.1' });
    const address = started.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    return { app: started, url: `http://127.0.0.1:${port}`, local: started.localMode };
  };
  let { app, url, local } = await start();
  if (!local) {
    await app.close();
    await db.drop();
    throw new Error('local mode is not on');
  }
  let closing: Promise<void> | undefined;

  return {
    get app() {
      return app;
    },
    get local() {
      return local as LocalMode;
    },
    get url() {
      return url;
    },
    db,
    async restart() {
      await app.close();
      ({ app, url, local } = await start());
      if (!local) throw new Error('local mode is not on after the restart');
    },
    async api<T>(method: string, path: string, body?: unknown): Promise<ApiAnswer<T>> {
      const response = await fetch(`${url}${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      const isJson = response.headers.get('content-type')?.includes('json') ?? false;
      const json = (isJson && text ? JSON.parse(text) : text) as T;
      return { status: response.status, headers: response.headers, json };
    },
    async query(sql, params) {
      return (await app.pg.query(sql, params)).rows;
    },
    // Safe to call twice: a test may shut the server down itself.
    close() {
      closing ??= app.close().then(() => db.drop());
      return closing;
    },
  };
}

/** A new simulated user (not following yet). */
export async function createSimUser(
  server: LocalServer,
  displayName: string,
  language: 'ja' | 'en' | 'ja-easy',
): Promise<SimUser> {
  const answer = await server.api<SimUser>('POST', '/simulator/api/users', { displayName, language });
  if (answer.status !== 200) throw new Error(`creating a user answered ${answer.status}`);
  return answer.json;
}

/** Sends one simulated event; fails unless the webhook took it. Returns its webhookEventId. */
export async function sendSimEvent(server: LocalServer, userId: string, body: Record<string, unknown>) {
  const answer = await server.api<{ webhookStatus: number; eventId: string; error?: string }>(
    'POST',
    `/simulator/api/users/${userId}/events`,
    body,
  );
  if (answer.status !== 200 || answer.json.webhookStatus !== 200) {
    throw new Error(
      `event ${JSON.stringify(body).slice(0, 60)}: ${answer.status} ${JSON.stringify(answer.json)}`,
    );
  }
  return answer.json.eventId;
}

export async function simTranscript(server: LocalServer, userId: string): Promise<TranscriptItem[]> {
  return (await server.api<{ items: TranscriptItem[] }>('GET', `/simulator/api/users/${userId}/transcript`))
    .json.items;
}

/** The bot's items after the first `count` items of the transcript, once there is at least one. */
export function botItemsAfter(server: LocalServer, userId: string, count: number): Promise<TranscriptItem[]> {
  return waitFor(async () => {
    const items = (await simTranscript(server, userId)).slice(count).filter((item) => item.from === 'bot');
    return items.length > 0 ? items : null;
  }, 'the bot to answer');
}

export interface SseEvent {
  id: string | undefined;
  event: string;
  data: string;
}

export interface SseReader {
  /** Resolves with the first event (already received or still to come) that passes the check. */
  next(check: (event: SseEvent) => boolean, timeoutMs?: number): Promise<SseEvent>;
  close(): void;
}

/** Opens an event stream with fetch and parses its frames as they arrive. */
export async function openEventStream(url: string, headers: Record<string, string> = {}): Promise<SseReader> {
  const abort = new AbortController();
  const response = await fetch(url, {
    headers: { accept: 'text/event-stream', ...headers },
    signal: abort.signal,
  });
  if (!response.ok || !response.body) throw new Error(`stream answered ${response.status}`);
  if (!response.headers.get('content-type')?.startsWith('text/event-stream')) {
    throw new Error(`not an event stream: ${response.headers.get('content-type')}`);
  }
  const received: SseEvent[] = [];
  let wake: (() => void) | undefined;
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  void (async () => {
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += value;
        let end = buffer.indexOf('\n\n');
        while (end !== -1) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          end = buffer.indexOf('\n\n');
          const event: SseEvent = { id: undefined, event: 'message', data: '' };
          let hasData = false;
          for (const line of block.split('\n')) {
            const [field, ...rest] = line.split(':');
            const text = rest.join(':').replace(/^ /, '');
            if (field === 'id') event.id = text;
            else if (field === 'event') event.event = text;
            else if (field === 'data') {
              event.data += (hasData ? '\n' : '') + text;
              hasData = true;
            }
          }
          if (hasData) received.push(event);
          wake?.();
        }
      }
    } catch {
      // Aborted by close().
    }
  })();

  return {
    async next(check, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const index = received.findIndex(check);
        if (index !== -1) return received.splice(index, 1)[0] as SseEvent;
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`no matching stream event; got ${JSON.stringify(received)}`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    },
    close() {
      abort.abort();
    },
  };
}

/** The simulator API of a local-mode server, bound to it: what the local-mode tests call. */
export interface SimulatorClient {
  readonly server: LocalServer;
  /** A call under /simulator/api. */
  api<T = { error?: string }>(method: string, path: string, body?: unknown): Promise<ApiAnswer<T>>;
  newUser(displayName: string, language: 'ja' | 'en' | 'ja-easy'): Promise<SimUser>;
  send(userId: string, body: Record<string, unknown>): Promise<string>;
  transcript(userId: string): Promise<TranscriptItem[]>;
  botItemsAfter(userId: string, count: number): Promise<TranscriptItem[]>;
}

/** Starts a local-mode server before the file's tests and closes it after them. */
export function useLocalServer(env: Record<string, string> = {}): SimulatorClient {
  let started: LocalServer | undefined;
  beforeAll(async () => {
    started = await startLocalServer(env);
  });
  afterAll(async () => {
    await started?.close();
  });
  const server = (): LocalServer => {
    if (!started) throw new Error('the local server has not started');
    return started;
  };
  return {
    get server() {
      return server();
    },
    api: <T>(method: string, path: string, body?: unknown) =>
      server().api<T>(method, `/simulator/api${path}`, body),
    newUser: (displayName, language) => createSimUser(server(), displayName, language),
    send: (userId, body) => sendSimEvent(server(), userId, body),
    transcript: (userId) => simTranscript(server(), userId),
    botItemsAfter: (userId, count) => botItemsAfter(server(), userId, count),
  };
}
