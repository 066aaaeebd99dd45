// Local mode: with no LINE channel configured (and LOCAL_MODE not 'off'), the LINE emulator runs inside this
// process on loopback with a channel secret and token invented for this run; the app's LINE client, rich menu
// deploy and /webhook all use it, and /simulator lets a person be the LINE user. Never on with a real channel,
// nor (unless LOCAL_MODE=on) over a database that local mode did not create (channel-guard.ts).
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Config, LineChannelConfig } from '../config.ts';
import type { LineClient } from '../line/client/index.ts';
import { type LineEmulator, startLineEmulator } from '../line/emulator/index.ts';
import { deployRichMenus } from '../line/richmenu/deploy.ts';
import { deployDisasterMenus } from '../line/richmenu/disaster/deploy.ts';
import { currentMenuMode, menuAliasFor } from '../line/richmenu/mode.ts';
import { newBotUserId } from './event-builder.ts';
import { settleChannelKind } from './platform-instance.ts';
import { RichMenuScreens } from './richmenu-view.ts';
import { simulatorApiRoutes } from './routes-api.ts';
import { simulatorPageRoutes } from './routes-page.ts';
import { simulatorRichMenuRoutes } from './routes-richmenu.ts';
import { ownBaseUrl } from './self-webhook.ts';
import { SimUserStore } from './sim-users.ts';
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
  // Before the app is ready, so the first follower already gets the default menu and language menus link.
  // The deploy's per-menu lines are routine here (a fresh emulator each start): logged at debug.
  const deployLogger = {
    info: (obj: object, msg?: string) => fastify.log.debug(obj, msg),
    warn: (obj: object, msg?: string) => fastify.log.warn(obj, msg),
  };
  await deployRichMenus({ api: line.api, blob: line.blob, logger: deployLogger });
  // A database left in disaster mode: the fresh emulator needs the disaster menus and default too.
  if ((await currentMenuMode(fastify.pg.pool)) === 'disaster') {
    await deployDisasterMenus(line.api, line.blob, deployLogger);
    const { richMenuId } = await line.api.getRichMenuAlias(menuAliasFor('disaster', 'ja'));
    await line.api.setDefaultRichMenu(richMenuId);
  }

  const users = new SimUserStore();
  const transcript = new TranscriptStore();
  const streams = new TranscriptStreams(transcript);
  const stopListening = local.emulator.onDelivery((delivery) => {
    if (users.has(delivery.userId)) transcript.addDelivery(delivery);
  });
  fastify.addHook('preClose', async () => {
    stopListening();
    streams.closeAll();
  });

  const sim: SimulatorContext = {
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

/** Decorates `app.localMode` and, in local mode, deploys the rich menus and serves /simulator. */
export const localModeRoutes = fp(localModePlugin, { name: 'local-mode', fastify: '5.x' });
