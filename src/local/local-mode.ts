// Local mode: with no LINE channel configured (and LOCAL_MODE not 'off'), the LINE emulator runs inside this
// process on loopback with a channel secret and token invented for this run; the app's LINE client, rich menu
// deploy and /webhook all use it, and /simulator lets a person be the LINE user. Never on with a real channel,
// nor (unless LOCAL_MODE=on) over a database that local mode did not create (channel-guard.ts).
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Config, LineChannelConfig } from '../config.ts';
import type { Queryable } from '../db/transact.ts';
import type { LineClient } from '../line/client/index.ts';
import { type LineEmulator, startLineEmulator } from '../line/emulator/index.ts';
import { deployRichMenus, type UserLanguageBatch } from '../line/richmenu/deploy.ts';
import { deployDisasterMenus } from '../line/richmenu/disaster/deploy.ts';
import { linkUsersByLanguage } from '../line/richmenu/link.ts';
import { currentMenuMode, menuAliasFor } from '../line/richmenu/mode.ts';
import { newBotUserId } from './event-builder.ts';
import { settleChannelKind } from './platform-instance.ts';
import { RichMenuScreens } from './richmenu-view.ts';
import { simulatorApiRoutes } from './routes-api.ts';
import { simulatorPageRoutes } from './routes-page.ts';
import { simulatorRichMenuRoutes } from './routes-richmenu.ts';
import { ownBaseUrl } from './self-webhook.ts';
import { restorePendingContents } from './sim-contents.ts';
import { profileLanguageOf, SimUserStore } from './sim-users.ts';
import type { SimulatorContext } from './simulator-context.ts';
import { TranscriptStreams } from './sse.ts';
import { TranscriptStore } from './transcript.ts';

export const SIMULATOR_PATH = '/simulator';

/** The platform stand-in of one local-mode run. */
export interface LocalChannel {
  channel: LineChannelConfig;
  emulator: LineEmulator;
  /** The bot's user id, the `destination` of every webhook. */
  destination: string;
}

export interface LocalMode extends LocalChannel {
  simulatorPath: string;
  /** Live transcript streams (browser tabs) open now. */
  openStreams(): number;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Set in local mode (no LINE channel configured), null otherwise. */
    localMode: LocalMode | null;
  }
}

export function localModeEnabled(config: Config): boolean {
  return config.channelKind === 'local';
}

/**
 * Records in the database which channel it serves, refusing local mode over a database it must not take over,
 * then starts the emulator when local mode applies (else returns undefined). Call it right after the database
 * plugin and before the plugins whose close uses LINE: close hooks run in reverse order, so the emulator then
 * stops after in-flight handling.
 */
export async function startLocalChannel(
  app: FastifyInstance,
  config: Config,
): Promise<LocalChannel | undefined> {
  try {
    await settleChannelKind(app.pg.pool, config, app.log);
  } catch (error) {
    // The caller never gets the app to close: release the database (and its lock) here.
    await app.close().catch((closeError: unknown) => app.log.error({ err: closeError }, 'closing failed'));
    throw error;
  }
  if (!localModeEnabled(config)) return undefined;
  const channel: LineChannelConfig = {
    channelSecret: randomBytes(16).toString('hex'),
    channelAccessToken: randomBytes(32).toString('base64url'),
  };
  const emulator = await startLineEmulator({
    host: '127.0.0.1',
    port: config.localEmulatorPort,
    channelAccessToken: channel.channelAccessToken,
  });
  app.addHook('onClose', async () => emulator.close());
  app.log.info({ emulator: emulator.baseUrl }, 'local mode: LINE emulator started');
  return { channel, emulator, destination: newBotUserId() };
}

export interface LocalModePluginOptions {
  local: LocalChannel | undefined;
  line: LineClient | undefined;
}

async function localModePlugin(fastify: FastifyInstance, options: LocalModePluginOptions): Promise<void> {
  const { local, line } = options;
  if (!local || !line) {
    fastify.decorate('localMode', null);
    return;
  }
  const pool = fastify.pg.pool;
  // The users of earlier runs: the fresh emulator learns them again (profile, blocked or not).
  const users = await SimUserStore.load(pool);
  for (const user of users.list()) {
    local.emulator.addUser({
      userId: user.userId,
      displayName: user.displayName,
      language: profileLanguageOf(user.language),
    });
    if (users.hasBlocked(user.userId)) local.emulator.setBlocked(user.userId, true);
  }
  await restorePendingContents(pool, local.emulator);
  // Before the app is ready, so the first follower already gets the default menu and language menus link, and
  // the followers of earlier runs get their language's menu again. The deploy's per-menu lines are routine here
  // (a fresh emulator each start): logged at debug.
  const deployLogger = {
    info: (obj: object, msg?: string) => fastify.log.debug(obj, msg),
    warn: (obj: object, msg?: string) => fastify.log.warn(obj, msg),
  };
  await deployRichMenus({
    api: line.api,
    blob: line.blob,
    logger: deployLogger,
    listUsersByLanguage: () => followersByLanguage(pool, users),
    deleteStale: false,
  });
  // A database left in disaster mode: the fresh emulator gets the disaster menus, as default and for followers.
  if ((await currentMenuMode(pool)) === 'disaster') {
    await deployDisasterMenus(line.api, line.blob, deployLogger);
    const { aliases } = await line.api.getRichMenuAliasList();
    const target = new Map(aliases.map((alias) => [alias.richMenuAliasId, alias.richMenuId]));
    const menuOf = (lang: Parameters<typeof menuAliasFor>[1]) =>
      target.get(menuAliasFor('disaster', lang)) ?? '';
    await line.api.setDefaultRichMenu(menuOf('ja'));
    await linkUsersByLanguage(line.api, menuOf, followersByLanguage(pool, users));
  }

  const transcript = new TranscriptStore(pool, fastify.log);
  const streams = new TranscriptStreams(transcript);
  const stopListening = local.emulator.onDelivery((delivery) => {
    if (users.has(delivery.userId)) void transcript.addDelivery(delivery);
  });
  fastify.addHook('preClose', async () => {
    stopListening();
    streams.closeAll();
    // Before the database closes: what the bot delivered last is in the transcript after a restart.
    await transcript.settled();
  });

  const sim: SimulatorContext = {
    db: pool,
    emulator: local.emulator,
    line,
    users,
    transcript,
    streams,
    menus: new RichMenuScreens(local.emulator),
    webhook: () => ({
      baseUrl: ownBaseUrl(fastify.server),
      channelSecret: local.channel.channelSecret,
      destination: local.destination,
    }),
  };
  fastify.decorate('localMode', {
    ...local,
    simulatorPath: SIMULATOR_PATH,
    openStreams: () => streams.size,
  });
  await fastify.register(
    async (scope) => {
      await simulatorPageRoutes(scope);
      await simulatorApiRoutes(scope, sim);
      await simulatorRichMenuRoutes(scope, sim);
    },
    { prefix: SIMULATOR_PATH },
  );
}

/** The simulated users who follow, with the language they chose in the bot (else their phone's). */
async function* followersByLanguage(pool: Queryable, users: SimUserStore): AsyncIterable<UserLanguageBatch> {
  const followers = users.list().filter((user) => user.followed);
  if (followers.length === 0) return;
  const { rows } = await pool.query<{ user_id: string; language: string }>(
    'SELECT user_id, language FROM line_users WHERE user_id = ANY($1::text[])',
    [followers.map((user) => user.userId)],
  );
  const chosen = new Map(rows.map((row) => [row.user_id, row.language]));
  for (const user of followers) {
    yield { language: chosen.get(user.userId) ?? user.language, userIds: [user.userId] };
  }
}

/** Decorates `app.localMode` and, in local mode, deploys the rich menus and serves /simulator. */
export const localModeRoutes = fp(localModePlugin, { name: 'local-mode', fastify: '5.x' });
