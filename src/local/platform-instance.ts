// Records at boot which kind of channel this database serves (platform_instance, one row), under a table lock
// so instances starting together decide one after another; a refused local mode changes nothing.
import type { FastifyBaseLogger } from 'fastify';
import type pg from 'pg';
import type { Config } from '../config.ts';
import { transact } from '../db/transact.ts';
import { adoptionWarning, decideChannelRecord, type RecordedChannel } from './channel-guard.ts';

/** What the boot says about the record once the transaction has committed. */
interface Said {
  warning?: string | undefined;
  info?: string | undefined;
}

interface Row {
  channel_kind: RecordedChannel['kind'];
  kind_since: Date;
}

export async function readChannelRecord(client: pg.ClientBase): Promise<RecordedChannel | null> {
  const { rows } = await client.query<Row>('SELECT channel_kind, kind_since FROM platform_instance');
  const row = rows[0];
  return row ? { kind: row.channel_kind, since: row.kind_since } : null;
}

/** Throws LocalModeRefusedError (and writes nothing) when this run must not use the database. */
export async function settleChannelKind(
  pool: pg.Pool,
  config: Config,
  log: FastifyBaseLogger,
): Promise<void> {
  const said = await transact(pool, async (client): Promise<Said> => {
    // Conflicts with itself: a second instance reads the row only after the first has written it.
    await client.query('LOCK TABLE platform_instance IN SHARE ROW EXCLUSIVE MODE');
    const recorded = await readChannelRecord(client);
    const decision = decideChannelRecord(config, recorded);
    if (decision.outcome === 'keep') {
      await client.query('UPDATE platform_instance SET booted_at = now()');
      return { warning: decision.warning };
    }
    const { rows } = await client.query<{ local_until: Date | null }>(
      `INSERT INTO platform_instance (channel_kind) VALUES ($1)
       ON CONFLICT (singleton) DO UPDATE SET
         channel_kind = EXCLUDED.channel_kind,
         kind_since = CASE WHEN platform_instance.channel_kind = EXCLUDED.channel_kind
                           THEN platform_instance.kind_since ELSE now() END,
         local_until = CASE WHEN $2::boolean THEN now() ELSE platform_instance.local_until END,
         booted_at = now()
       RETURNING local_until`,
      [decision.kind, decision.adoptsLocal],
    );
    if (!decision.adoptsLocal) {
      const serves = decision.kind === 'local' ? 'the local-mode emulator' : 'a real LINE channel';
      return { info: decision.note ?? `database: recorded as serving ${serves}` };
    }
    const users = (await client.query<{ n: number }>('SELECT count(*)::int AS n FROM line_users')).rows[0]?.n;
    if (!users) return { info: 'database: used in local mode until now, with no simulator users in it' };
    return { warning: adoptionWarning(users, rows[0]?.local_until ?? new Date()) };
  });
  if (said.warning) log.warn({ channelKind: config.channelKind }, said.warning);
  if (said.info) log.info({ channelKind: config.channelKind }, said.info);
}
