// The set-up every simulator browser test shares: its own database, the real server spawned in local mode
// (no LINE variables: emulator + /simulator), and a fresh Chromium; `close` undoes all three.
import { afterAll, beforeAll } from 'vitest';
import { type ServerProcess, spawnServer } from '../../helpers/server-process.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.ts';
import { chromiumInstalled, launchChromium, type TestBrowser } from './chromium.ts';

export interface SimulatorSession {
  db: TestDatabase;
  readonly server: ServerProcess;
  browser: TestBrowser;
  /** Stops the server (SIGTERM) and starts it again on the same port, database and data directory. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function startSimulatorSession(): Promise<SimulatorSession> {
  const db = await createTestDatabase();
  const env = {
    DATA_DIR: db.dataDir,
    // Over PostgreSQL local mode must be asked for: auto takes only an embedded database it created.
    ...(db.databaseUrl ? { DATABASE_URL: db.databaseUrl, LOCAL_MODE: 'on' } : {}),
    LOG_LEVEL: 'warn',
  };
  let server = await spawnServer(env);
  const browser = await launchChromium();
  const stopServer = async () => {
    server.proc.kill('SIGTERM');
    await server.exited;
  };
  return {
    db,
    get server() {
      return server;
    },
    browser,
    async restart() {
      await stopServer();
      // The same address, so open tabs find it again.
      server = await spawnServer({ ...env, PORT: String(server.port) });
    },
    async close() {
      await browser.close();
      await stopServer();
      await db.drop();
    },
  };
}

/**
 * Starts a session before the file's tests (when Chromium is installed) and closes it after them; read
 * `server` and `browser` inside tests.
 */
export function useSimulatorSession(): {
  readonly server: ServerProcess;
  readonly browser: TestBrowser;
  restart(): Promise<void>;
} {
  let session: SimulatorSession | undefined;
  // spawnServer waits up to 90 s for a first start (the embedded database on a busy machine): so may the hook.
  beforeAll(async () => {
    if (chromiumInstalled) session = await startSimulatorSession();
  }, 120_000);
  afterAll(async () => {
    await session?.close();
  });
  const current = (): SimulatorSession => {
    if (!session) throw new Error('no simulator session (is Chromium installed?)');
    return session;
  };
  return {
    get server() {
      return current().server;
    },
    get browser() {
      return current().browser;
    },
    restart: () => current().restart(),
  };
}
