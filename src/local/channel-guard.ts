// Whether this run may use its database with the channel it has: local mode (a simulator without a login) never
// takes over a database that served, or may have served, the real LINE channel unless LOCAL_MODE=on says so.
import { type Config, ConfigError } from '../config.ts';
import { embeddedDirectory } from '../db/embedded.ts';

/** A boot refused because of the database local mode would run over; the message says what to set. */
export class LocalModeRefusedError extends ConfigError {}

/** What platform_instance says about the database ('unknown': it held data before kinds were recorded). */
export interface RecordedChannel {
  kind: 'local' | 'line' | 'unknown';
  since: Date;
}

export type ChannelDecision =
  /** Write this kind (and the boot time); `adoptsLocal`: a real channel takes over a local-mode database. */
  | { outcome: 'record'; kind: 'local' | 'line'; adoptsLocal: boolean; note?: string }
  /** Leave the recorded kind as it is. */
  | { outcome: 'keep'; warning?: string };

const CHANNEL_VARIABLES = 'LINE_CHANNEL_SECRET and LINE_CHANNEL_ACCESS_TOKEN';

function describeDatabase(config: Config): string {
  // Never the URL itself: it usually carries a password.
  return config.databaseUrl
    ? 'the database at DATABASE_URL'
    : `the embedded database in ${embeddedDirectory(config.dataDir)}`;
}

/** Checked before the database is opened: auto local mode runs only on the embedded database. */
export function assertLocalModeAllowed(config: Config): void {
  if (config.channelKind !== 'local' || config.localMode !== 'auto' || !config.databaseUrl) return;
  throw new LocalModeRefusedError(
    'Local mode refused: DATABASE_URL is set but no LINE channel is configured. Local mode serves a simulator ' +
      `without a login, which would act on whatever that database holds. Set ${CHANNEL_VARIABLES} for the ` +
      'real channel, or LOCAL_MODE=on to run local mode over this database deliberately ' +
      '(LOCAL_MODE=off runs with no channel at all: webhooks are then refused).',
  );
}

/** Decides from the recorded kind; throws LocalModeRefusedError when auto local mode must not start. */
export function decideChannelRecord(config: Config, recorded: RecordedChannel | null): ChannelDecision {
  assertLocalModeAllowed(config);
  if (config.channelKind === 'line') {
    // LOCAL_MODE=off without a channel serves no channel: nothing to record.
    if (!config.line) return { outcome: 'keep' };
    return { outcome: 'record', kind: 'line', adoptsLocal: recorded?.kind === 'local' };
  }
  if (recorded === null || recorded.kind === 'local') {
    return { outcome: 'record', kind: 'local', adoptsLocal: false };
  }
  const database = describeDatabase(config);
  if (config.localMode === 'on') {
    if (recorded.kind === 'unknown') {
      return {
        outcome: 'record',
        kind: 'local',
        adoptsLocal: false,
        note: `LOCAL_MODE=on: ${database} is now recorded as a local-mode database`,
      };
    }
    // Explicitly asked for; the record stays 'line' so auto local mode keeps refusing this database.
    return {
      outcome: 'keep',
      warning:
        `LOCAL_MODE=on over ${database}, which has served a real LINE channel: the simulator has no login ` +
        'and acts on the residents’ data in it. Do this only on a copy, reachable from this machine alone.',
    };
  }
  if (recorded.kind === 'line') {
    throw new LocalModeRefusedError(
      `Local mode refused: ${database} has served a real LINE channel (since ${recorded.since.toISOString()}). ` +
        'Local mode serves a simulator without a login: anyone reaching it could act on residents’ data. ' +
        `Set ${CHANNEL_VARIABLES}, or another DATA_DIR for local mode, or LOCAL_MODE=on to run local mode ` +
        'over this database deliberately.',
    );
  }
  throw new LocalModeRefusedError(
    `Local mode refused: ${database} holds data from before the platform recorded which channel a database ` +
      'serves, so it may have served a real LINE channel. If it only ever ran in local mode, start once with ' +
      `LOCAL_MODE=on (it is then recorded as a local-mode database); otherwise set ${CHANNEL_VARIABLES}, ` +
      'or another DATA_DIR for local mode.',
  );
}

/** Said when a real channel takes over a database used in local mode (allowed: staff set-up is kept). */
export function adoptionWarning(simulatorUsers: number, until: Date): string {
  return (
    'A real LINE channel now takes over a database used in local mode until now. Its ' +
    `${simulatorUsers} LINE user(s) created before ${until.toISOString()} are simulator users, not residents: ` +
    'their bookings, reports and children’s records are test data and may hold real seats. The moment is ' +
    'kept in platform_instance.local_until; delete that test data, or start the real channel on a fresh ' +
    'database.'
  );
}
