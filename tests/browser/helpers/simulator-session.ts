// The set-up every simulator browser test shares: its own database, the real server spawned in local mode
// (no LINE variables: emulator + /simulator), and a fresh Chromium; `close` undoes all three.
import { afterAll, beforeAll } from 'vitest';
import { type ServerProcess, spawnServer } from '../../helpers/server-process.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.ts';
import { chromiumInstalled, launchChromium, type TestBrowser } from './chromium.ts';

export interface SimulatorSession {
  db: TestDatabase;
  server: ServerProcess;
  browser: TestBrowser;
  close(): Promise<void>;
}

export async function startSimulatorSession(): Promise<SimulatorSession> {
  const db = await createTestDatabase();
  const server = await spawnServer({
    DATA_DIR: db.dataDir,
    // Over PostgreSQL local mode must be asked for: auto takes only an embedded database it created.
    ...(db.databaseUrl ? { DATABASE_URL: db.databaseUrl, LOCAL_MODE: 'on' } : {}),
    LOG_LEVEL: 'warn',
  });
  const browser = await launchChromium();
  return {
    db,
    server,
    browser,
    async close() {
      await browser.close();
      server.proc.kill('SIGTERM');
      await server.exited;
      await db.drop();
    },
  };
}

/**
 * Starts a session before the file's tests (when Chromium is installed) and closes it after them; read
 * `server` and `browser` inside tests.
 */
export function useSimulatorSession(): { readonly server: ServerProcess; readonly browser: TestBrowser } {
  let session: SimulatorSession | undefined;
  beforeAll(async () => {
    if (chromiumInstalled) session = await startSimulatorSession();
  });
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
  };
}
