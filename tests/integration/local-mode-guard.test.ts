// The channel kind a database serves, recorded at boot in platform_instance: local mode takes only a database it
// created, a real channel taking over a local-mode database is flagged, and a refused boot changes nothing.
import { Writable } from 'node:stream';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { openEmbeddedDatabase } from '../../src/db/embedded.ts';
import { runMigrations } from '../../src/db/migrations.ts';
import databasePlugin from '../../src/db/plugin.ts';
import { LocalModeRefusedError } from '../../src/local/channel-guard.ts';
import { readChannelRecord, settleChannelKind } from '../../src/local/platform-instance.ts';
import { createTestDatabase, onPostgres, type TestDatabase } from '../helpers/test-database.ts';

const channel = { LINE_CHANNEL_SECRET: 's', LINE_CHANNEL_ACCESS_TOKEN: 't' };
// The decision reads the configuration only for the mode and the wording; the pool is the test database's.
const autoLocal = loadConfig({ DATA_DIR: '/srv/city' });
const onLocal = loadConfig({ DATA_DIR: '/srv/city', LOCAL_MODE: 'on' });
const realChannel = loadConfig({ DATA_DIR: '/srv/city', ...channel });

// One database for the file (creating one is slow on a busy machine); each test starts from an empty record.
let db: TestDatabase;
let app: FastifyInstance;
let logged: { level: number; msg: string }[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) logged.push(JSON.parse(line));
      done();
    },
  });
  const config = loadConfig({
    ...(db.databaseUrl ? { DATABASE_URL: db.databaseUrl } : {}),
    DATA_DIR: db.dataDir,
    ...channel,
  });
  app = Fastify({ logger: { level: 'info', stream }, pluginTimeout: 0 });
  await app.register(databasePlugin, { config });
  await app.ready();
}, 120_000);
afterAll(async () => {
  await app?.close();
  await db?.drop();
});
beforeEach(async () => {
  await app.pg.query('DELETE FROM platform_instance');
  await app.pg.query('DELETE FROM line_users');
  logged = [];
});

async function record() {
  const client = await app.pg.pool.connect();
  try {
    return await readChannelRecord(client);
  } finally {
    client.release();
  }
}

const warnings = () => logged.filter((l) => l.level === 40).map((l) => l.msg);

/** As an upgrade of an installation from before 0011 would: migration 0011 arrives over what is there. */
async function reapplyMigration0011(): Promise<void> {
  await app.pg.query('DROP TABLE platform_instance');
  await app.pg.query('DELETE FROM schema_migrations WHERE version = 11');
  expect(await runMigrations(app.pg.pool)).toEqual(['0011_platform_instance.sql']);
}

describe('platform_instance', () => {
  it('a new database is claimed by the first run; auto local mode keeps a local-mode one', async () => {
    expect(await record()).toBeNull();
    await settleChannelKind(app.pg.pool, autoLocal, app.log);
    const first = await record();
    expect(first?.kind).toBe('local');
    await settleChannelKind(app.pg.pool, autoLocal, app.log);
    expect(await record()).toEqual(first);
    expect(warnings()).toEqual([]);
  });

  it('a real channel takes over a local-mode database with a loud warning and marks when', async () => {
    await settleChannelKind(app.pg.pool, autoLocal, app.log);
    await app.pg.query(`INSERT INTO line_users (user_id) VALUES ('Usim1'), ('Usim2')`);
    await settleChannelKind(app.pg.pool, realChannel, app.log);
    expect((await record())?.kind).toBe('line');
    const { rows } = await app.pg.query<{ local_until: Date | null }>(
      'SELECT local_until FROM platform_instance',
    );
    expect(rows[0]?.local_until).toBeInstanceOf(Date);
    expect(warnings()).toEqual([
      expect.stringMatching(/2 LINE user\(s\) created before .* are simulator users/),
    ]);
    // Said once: later boots of the real channel are quiet.
    await settleChannelKind(app.pg.pool, realChannel, app.log);
    expect(warnings()).toHaveLength(1);
  });

  it('auto local mode over a database that served a real channel is refused and changes nothing', async () => {
    await settleChannelKind(app.pg.pool, realChannel, app.log);
    const before = await app.pg.query('SELECT * FROM platform_instance');
    await expect(settleChannelKind(app.pg.pool, autoLocal, app.log)).rejects.toThrow(LocalModeRefusedError);
    await expect(settleChannelKind(app.pg.pool, autoLocal, app.log)).rejects.toThrow(
      /has served a real LINE channel/,
    );
    expect((await app.pg.query('SELECT * FROM platform_instance')).rows).toEqual(before.rows);
  });

  it('LOCAL_MODE=on runs over it with a warning, and the database stays recorded as a real channel’s', async () => {
    await settleChannelKind(app.pg.pool, realChannel, app.log);
    await settleChannelKind(app.pg.pool, onLocal, app.log);
    expect((await record())?.kind).toBe('line');
    expect(warnings()).toEqual([
      expect.stringMatching(/^LOCAL_MODE=on over .*has served a real LINE channel/),
    ]);
    await expect(settleChannelKind(app.pg.pool, autoLocal, app.log)).rejects.toThrow(LocalModeRefusedError);
  });

  it('instances starting together record one row', async () => {
    await Promise.all([1, 2, 3].map(() => settleChannelKind(app.pg.pool, realChannel, app.log)));
    expect((await app.pg.query('SELECT count(*)::int AS n FROM platform_instance')).rows[0]).toEqual({
      n: 1,
    });
  });

  it('a database in use before kinds were recorded is "unknown": auto local mode refuses it until LOCAL_MODE=on', async () => {
    await app.pg.query(`INSERT INTO line_users (user_id) VALUES ('Uold')`);
    await reapplyMigration0011();
    expect((await record())?.kind).toBe('unknown');
    await expect(settleChannelKind(app.pg.pool, autoLocal, app.log)).rejects.toThrow(
      /may have served a real LINE channel/,
    );
    await settleChannelKind(app.pg.pool, onLocal, app.log);
    expect((await record())?.kind).toBe('local');
    await settleChannelKind(app.pg.pool, autoLocal, app.log);
  });

  it('an upgraded database that never held data is simply new', async () => {
    await reapplyMigration0011();
    expect(await record()).toBeNull();
  });
});

describe('buildApp', () => {
  it('refuses auto local mode over DATABASE_URL before connecting to it', async () => {
    // Nothing listens on port 1: a connection attempt would fail differently.
    const config = loadConfig({ DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none', LOG_LEVEL: 'silent' });
    await expect(buildApp({ config })).rejects.toThrow(/DATABASE_URL is set but no LINE channel/);
  });

  it.skipIf(onPostgres)(
    'refused over an embedded database that served a real channel, it releases the database at once',
    async () => {
      const own = await createTestDatabase();
      try {
        const env = { DATA_DIR: own.dataDir, LOG_LEVEL: 'silent' };
        const real = await buildApp({ config: loadConfig({ ...env, ...channel }) });
        await real.close();
        await expect(buildApp({ config: loadConfig(env) })).rejects.toThrow(LocalModeRefusedError);
        // The lock would otherwise hold the directory until it went stale.
        const embedded = await openEmbeddedDatabase(own.dataDir);
        await embedded.close();
      } finally {
        await own.drop();
      }
    },
    120_000,
  );
});
