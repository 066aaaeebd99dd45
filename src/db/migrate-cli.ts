// `npm run migrate`: applies pending migrations to DATABASE_URL (or the embedded database) and exits.
import Fastify from 'fastify';
import { loadConfig } from '../config.ts';
import { runMigrations } from './migrations.ts';
import databasePlugin from './plugin.ts';

const config = loadConfig();
// No plugin deadline: creating the embedded database on a busy machine may take longer than Fastify's 10 s.
const app = Fastify({ logger: { level: config.logLevel }, pluginTimeout: 0 });
await app.register(databasePlugin, { config, migrate: false });
try {
  const applied = await runMigrations(app.pg.pool, app.log);
  app.log.info({ applied }, applied.length ? 'migrations applied' : 'database is up to date');
} catch (error) {
  app.log.error({ err: error }, (error as Error).message);
  process.exitCode = 1;
} finally {
  await app.close();
}
