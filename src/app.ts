// Builds the Fastify application (database, webhook, workers, health); never listens — server.ts does, and
// tests build it and drive it.
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { adminPlugin } from './admin/admin-plugin.ts';
import { type Config, ConfigError } from './config.ts';
import { consoleRoutes } from './console/static-routes.ts';
import { FlowRegistry } from './conversation/flows.ts';
import databasePlugin from './db/plugin.ts';
import { FeatureRegistry } from './events/feature-registry.ts';
import type { Services } from './events/services.ts';
import workersPlugin from './events/workers-plugin.ts';
import type { Feature, FeatureDefinition } from './features/contract.ts';
import { FEATURES } from './features/index.ts';
import { JobRegistry } from './features/jobs.ts';
import { installErrorHandler } from './http/error-handler.ts';
import { httpHardening } from './http/hardening.ts';
import { healthRoutes } from './http/health.ts';
import { withLogRedaction } from './http/log-redaction.ts';
import { initI18n } from './i18n/index.ts';
import { createLineClient, type LineClient } from './line/client/index.ts';
import { linkUserMenu } from './line/richmenu/link.ts';
import { userMenuAlias } from './line/richmenu/mode.ts';
import { createBatchedEventStore } from './line/webhook/intake.ts';
import { webhookRoute } from './line/webhook/route.ts';
import { assertLocalModeAllowed } from './local/channel-guard.ts';
import { localModeRoutes, startLocalChannel } from './local/local-mode.ts';
import { recordChannel } from './outbox/outbox-repository.ts';
import { createRawDataRetentionLoop } from './privacy/index.ts';

export interface BuildAppOptions {
  config: Config;
  logger?: FastifyServerOptions['logger'];
  workerPollMs?: number;
  /** The clock of the features' rules, reminders and schedules (tests move it); the real time by default. */
  now?: () => Date;
  /** The features to build (tests replace one); every feature of the platform by default. */
  features?: readonly FeatureDefinition[];
  /** Tests only: runs before the migrations, to make the database preparation slow. */
  beforeMigrations?: () => Promise<void>;
}

declare module 'fastify' {
  interface FastifyInstance {
    services: Services;
    /** The features' periodic jobs by name; `jobs.get(name).runOnce(at)` runs a round at a chosen time. */
    jobs: JobRegistry;
  }
}

/** The enabled features' definitions; an unknown name in DISABLED_FEATURES stops the boot. */
function enabledFeatures(all: readonly FeatureDefinition[], config: Config): FeatureDefinition[] {
  const known = new Set(all.map((feature) => feature.name));
  const unknown = config.disabledFeatures.filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new ConfigError(
      `Invalid configuration:\n  DISABLED_FEATURES: unknown feature ${unknown.join(', ')} ` +
        `(the features are ${[...known].join(', ')})`,
    );
  }
  return all.filter((feature) => !config.disabledFeatures.includes(feature.name));
}

export async function buildApp(options: BuildAppOptions): Promise<FastifyInstance> {
  const { config, now } = options;
  // Before any database is opened or migrated: auto local mode never runs over DATABASE_URL.
  assertLocalModeAllowed(config);
  await initI18n();
  const app = Fastify({
    // Secrets in query strings (an Open311 api_key, tokens) never reach the request log.
    logger: withLogRedaction(options.logger ?? { level: config.logLevel }),
    // The server names every request itself; a client's X-Request-Id is only logged beside it (http/request-id.ts).
    requestIdHeader: false,
    genReqId: () => randomUUID(),
    trustProxy: config.trustProxy,
    // LINE retries after a timeout; a stuck request must not hold the answer for long.
    requestTimeout: 30_000,
    // No start-up deadline: creating the embedded database on a busy machine, or a long migration, must only
    // take longer (a deadline would kill the boot mid-migration, and the next start would meet it again).
    // Every plugin is async, so a forgotten `done` cannot hang the boot.
    pluginTimeout: 0,
  });
  installErrorHandler(app);
  await app.register(httpHardening, { publicBaseUrl: config.publicBaseUrl });
  await app.register(databasePlugin, { config, beforeMigrations: options.beforeMigrations });

  // Records which channel the database serves (refusing local mode over a real channel's database); in local
  // mode an in-process LINE emulator stands in for the platform.
  const local = await startLocalChannel(app, config);
  const channel = config.line ?? local?.channel;
  const line: LineClient | undefined = channel
    ? createLineClient({
        channelAccessToken: channel.channelAccessToken,
        apiBaseUrl: local?.emulator.baseUrl ?? config.lineApiBaseUrl,
        dataApiBaseUrl: local?.emulator.baseUrl ?? config.lineDataApiBaseUrl,
        logger: app.log,
      })
    : undefined;
  const services: Services = {
    pool: app.pg.pool,
    line,
    log: app.log,
    config,
    channelKind: config.channelKind,
    flows: new FlowRegistry(),
    features: new FeatureRegistry(),
    async linkUserMenu(userId, language) {
      if (!line) return;
      try {
        // In disaster mode a new follower or a language change gets the disaster menu, not the everyday one.
        await linkUserMenu(line.api, userId, language, await userMenuAlias(app.pg.pool, language));
      } catch (error) {
        const { status, message } = error as { status?: number; message?: string };
        app.log.warn(
          { status, message, userId, language },
          'rich menu not linked (run npm run richmenu:deploy?)',
        );
      }
    },
  };
  app.decorate('services', services);
  // Pushes queued by any feature are tagged with the channel of this run: local mode never sends real ones.
  await recordChannel(app.pg.pool, services.channelKind);
  // The features: each declares what it adds; all are wired the same way below.
  const all = options.features ?? FEATURES;
  const enabled = enabledFeatures(all, config);
  const context = {
    services,
    config,
    now: now ?? (() => new Date()),
    wakeOutbox: () => app.workers.outbox.wake(),
  };
  const built: Feature[] = [];
  for (const definition of enabled) built.push(await definition.create(context));
  for (const definition of all) {
    if (enabled.includes(definition)) continue;
    for (const item of definition.menuItems) services.features.disableMenuItem(item, definition.name);
  }
  const jobs = new JobRegistry();
  for (const feature of built) {
    for (const flow of feature.flows ?? []) services.flows.register(flow);
    for (const [item, handler] of Object.entries(feature.menu ?? {})) {
      services.features.addMenuItem(item as keyof typeof feature.menu & string, handler);
    }
    for (const [key, handler] of Object.entries(feature.postbacks ?? {})) {
      services.features.addPostback(key, handler);
    }
    if (feature.offer) services.features.addOffer(feature.offer);
    if (feature.freeText) services.features.addFreeText(feature.freeText);
    for (const job of feature.jobs ?? []) jobs.add(job);
  }
  // Raw events and sent messages, whatever the features: content scrubbed after the retention, rows deleted
  // later (src/privacy/).
  const rawDataRetention = createRawDataRetentionLoop(services, {
    pollMs: 60_000,
    retentionDays: config.rawDataRetentionDays,
    now,
  });
  jobs.add({ name: 'privacy.raw-data', ...rawDataRetention });
  app.decorate('jobs', jobs);

  await app.register(workersPlugin, {
    services,
    start: config.eventWorkersEnabled,
    ...(options.workerPollMs === undefined ? {} : { pollMs: options.workerPollMs }),
  });
  await app.register(healthRoutes);
  await app.register(adminPlugin, {
    features: built.flatMap((feature) => feature.adminRoutes ?? []),
    console: {
      features: enabled.map((definition) => definition.name),
      settings: { mapTiles: config.consoleMapTiles, mapAttribution: config.consoleMapAttribution },
      publicBaseUrl: config.publicBaseUrl,
    },
  });
  // The staff console's built pages at /console (a client of the API above).
  await app.register(consoleRoutes, { mapTiles: config.consoleMapTiles });
  for (const routes of built.flatMap((feature) => feature.publicRoutes ?? [])) await app.register(routes);
  // Periodic jobs claim their work in the database: safe with any number of instances, run where events are.
  if (config.eventWorkersEnabled) app.addHook('onReady', async () => jobs.startAll());
  app.addHook('onClose', async () => jobs.stopAll());
  const store = createBatchedEventStore(app.pg.pool);
  await app.register(webhookRoute, {
    channelSecret: channel?.channelSecret,
    bodyLimit: config.webhookBodyLimitBytes,
    store,
    onStored: () => app.workers.events.wake(),
  });
  await app.register(localModeRoutes, { local, line });
  return app;
}
