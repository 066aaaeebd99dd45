// Database plugin: PostgreSQL through @fastify/postgres when DATABASE_URL is set, else embedded PGlite in
// DATA_DIR through its node-postgres adapter (a pool of one); migrations are applied before the app is ready.
import { performance } from 'node:perf_hooks';
import fastifyPostgres from '@fastify/postgres';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../config.ts';
import { guardClientErrors } from './client-errors.ts';
import { openEmbeddedDatabase } from './embedded.ts';
import { runMigrations } from './migrations.ts';

export interface DatabasePluginOptions {
  config: Config;
  /** Applying migrations is the default; the migrate CLI and tests of the runner turn it off. */
  migrate?: boolean;
  /** Tests only: runs before the migrations (a slow first start is simulated with a delay here). */
  beforeMigrations?: () => Promise<void>;
}

const seconds = (since: number): number => Math.round(performance.now() - since) / 1000;

async function databasePlugin(fastify: FastifyInstance, options: DatabasePluginOptions): Promise<void> {
  const { config } = options;
  if (config.databaseUrl) {
    await fastify.register(fastifyPostgres, {
      connectionString: config.databaseUrl,
      max: config.databasePoolSize,
      // Fail fast when the server is down, so the webhook answers 503 (LINE redelivers) instead of hanging.
      connectionTimeoutMillis: 5_000,
      application_name: 'line-city-platform',
    });
    guardClientErrors(fastify.pg.pool, fastify.log);
    fastify.log.info('database: PostgreSQL (DATABASE_URL)');
  } else {
    const opening = performance.now();
    const embedded = await openEmbeddedDatabase(config.dataDir, {
      onCreating: (directory) =>
        fastify.log.info(
          { directory },
          `first start: creating the embedded database in ${config.dataDir} … (this can take a while)`,
        ),
    });
    // Registered before the pool plugin, so it runs after the pool has ended (onClose runs in reverse order).
    fastify.addHook('onClose', async () => embedded.close());
    await fastify.register(fastifyPostgres, embedded.poolOptions);
    fastify.log.info(
      { directory: embedded.directory, seconds: seconds(opening) },
      embedded.created
        ? `database: embedded PGlite created in ${seconds(opening)} s (set DATABASE_URL for PostgreSQL)`
        : 'database: embedded PGlite (set DATABASE_URL for PostgreSQL)',
    );
  }
  await options.beforeMigrations?.();
  if (options.migrate !== false) {
    const migrating = performance.now();
    const applied = await runMigrations(fastify.pg.pool, fastify.log);
    if (applied.length > 0) {
      fastify.log.info(
        { applied: applied.length, seconds: seconds(migrating) },
        `database: ${applied.length} migration(s) applied in ${seconds(migrating)} s`,
      );
    }
  }
}

export default fp(databasePlugin, { name: 'database', fastify: '5.x' });
