// Database plugin: PostgreSQL through @fastify/postgres when DATABASE_URL is set, else embedded PGlite in
// DATA_DIR through its node-postgres adapter (a pool of one); migrations are applied before the app is ready.
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
}

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
    const embedded = await openEmbeddedDatabase(config.dataDir);
    // Registered before the pool plugin, so it runs after the pool has ended (onClose runs in reverse order).
    fastify.addHook('onClose', async () => embedded.close());
    await fastify.register(fastifyPostgres, embedded.poolOptions);
    fastify.log.info(
      { directory: embedded.directory },
      'database: embedded PGlite (set DATABASE_URL for PostgreSQL)',
    );
  }
  if (options.migrate !== false) {
    await runMigrations(fastify.pg.pool, fastify.log);
  }
}

export default fp(databasePlugin, { name: 'database', fastify: '5.x' });
