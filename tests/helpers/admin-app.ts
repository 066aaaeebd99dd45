// A test-only server with just the staff API of the given features, the outbox worker and the LINE emulator
// (behind the same HTTP hardening as the app): admin tests drive it over HTTP without the webhook or the chat
// flows.
import Fastify, { type FastifyInstance } from 'fastify';
import type { AdminRoutes } from '../../src/admin/admin-plugin.ts';
import { adminPlugin } from '../../src/admin/admin-plugin.ts';
import { loadConfig } from '../../src/config.ts';
import { FlowRegistry } from '../../src/conversation/flows.ts';
import databasePlugin from '../../src/db/plugin.ts';
import { FeatureRegistry } from '../../src/events/feature-registry.ts';
import type { Services } from '../../src/events/services.ts';
import workersPlugin from '../../src/events/workers-plugin.ts';
import { installErrorHandler } from '../../src/http/error-handler.ts';
import { httpHardening } from '../../src/http/hardening.ts';
import { initI18n } from '../../src/i18n/index.ts';
import { createLineClient } from '../../src/line/client/index.ts';
import { type LineEmulator, startLineEmulator } from '../../src/line/emulator/index.ts';
import { createTestDatabase, type TestDatabase } from './test-database.ts';
import { newUserId, TEST_ACCESS_TOKEN, TEST_CHANNEL_SECRET } from './webhook-events.ts';

export interface AdminTestApp {
  app: FastifyInstance;
  emulator: LineEmulator;
  db: TestDatabase;
  url: string;
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
  /** A resident who follows the account: known to the emulator, stored as a LINE user in their language. */
  resident(displayName: string, language?: 'ja' | 'en' | 'ja-easy'): Promise<string>;
  close(): Promise<void>;
}

export async function startAdminTestApp(features: AdminRoutes[]): Promise<AdminTestApp> {
  await initI18n();
  const db = await createTestDatabase();
  const emulator = await startLineEmulator({ channelAccessToken: TEST_ACCESS_TOKEN });
  const config = loadConfig({
    ...(db.databaseUrl ? { DATABASE_URL: db.databaseUrl } : {}),
    DATA_DIR: db.dataDir,
    LINE_CHANNEL_SECRET: TEST_CHANNEL_SECRET,
    LINE_CHANNEL_ACCESS_TOKEN: TEST_ACCESS_TOKEN,
    LINE_API_BASE_URL: emulator.baseUrl,
    LINE_DATA_API_BASE_URL: emulator.baseUrl,
    LOG_LEVEL: 'silent',
  });
  // No plugin deadline, as in the app: creating the database on a busy machine may take over 10 s.
  const app = Fastify({ logger: false, pluginTimeout: 0 });
  installErrorHandler(app);
  await app.register(httpHardening, { publicBaseUrl: undefined });
  await app.register(databasePlugin, { config });
  const line = createLineClient({
    channelAccessToken: TEST_ACCESS_TOKEN,
    apiBaseUrl: emulator.baseUrl,
    dataApiBaseUrl: emulator.baseUrl,
    logger: app.log,
  });
  const services: Services = {
    pool: app.pg.pool,
    line,
    log: app.log,
    config,
    channelKind: 'line',
    flows: new FlowRegistry(),
    features: new FeatureRegistry(),
    linkUserMenu: async () => {},
  };
  await app.register(workersPlugin, { services, start: true, pollMs: 100 });
  await app.register(adminPlugin, { features });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const query = async <T>(sql: string, params: unknown[] = []): Promise<T[]> =>
    (await app.pg.pool.query(sql, params)).rows as T[];
  return {
    app,
    emulator,
    db,
    url,
    query,
    async resident(displayName, language = 'ja') {
      const userId = newUserId();
      emulator.addUser({ userId, displayName });
      await query('INSERT INTO line_users (user_id, display_name, language) VALUES ($1, $2, $3)', [
        userId,
        displayName,
        language,
      ]);
      return userId;
    },
    async close() {
      await app.close();
      await emulator.close();
      await db.drop();
    },
  };
}
