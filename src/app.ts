// Builds the Fastify application (database, webhook, workers, health); never listens — server.ts does, and
// tests build it and drive it.
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { adminPlugin } from './admin/admin-plugin.ts';
import type { Config } from './config.ts';
import { FlowRegistry } from './conversation/flows.ts';
import databasePlugin from './db/plugin.ts';
import type { Services } from './events/services.ts';
import workersPlugin from './events/workers-plugin.ts';
import { createChildcareAdminRoutes } from './features/childcare/admin/index.ts';
import { registerChildcareFeature } from './features/childcare/index.ts';
import {
  createMilestoneReminderLoop,
  type MilestoneReminderLoop,
} from './features/childcare/reminders/index.ts';
import { createRetentionLoop, type RetentionLoop } from './features/childcare/retention.ts';
import { createSegmentSender, type SegmentSender } from './features/childcare/segments/sender.ts';
import { createReportsAdminRoutes } from './features/reports/admin/index.ts';
import { registerReportFeature } from './features/reports/chat/index.ts';
import { open311Routes } from './features/reports/open311/index.ts';
import {
  createPhotoStore,
  createPhotoSweepLoop,
  type PhotoSweepLoop,
} from './features/reports/photos/index.ts';
import {
  createReservationsAdminRoutes,
  reservationsAdminRoutes,
} from './features/reservations/admin-routes.ts';
import { registerReservationFeature } from './features/reservations/chat/index.ts';
import { createReminderLoop, type ReminderLoop } from './features/reservations/reminders.ts';
import { installErrorHandler } from './http/error-handler.ts';
import { healthRoutes } from './http/health.ts';
import { initI18n } from './i18n/index.ts';
import { createLineClient, type LineClient } from './line/client/index.ts';
import { linkUserMenu } from './line/richmenu/link.ts';
import { createBatchedEventStore } from './line/webhook/intake.ts';
import { webhookRoute } from './line/webhook/route.ts';
import { assertLocalModeAllowed } from './local/channel-guard.ts';
import { localModeRoutes, startLocalChannel } from './local/local-mode.ts';

export interface BuildAppOptions {
  config: Config;
  logger?: FastifyServerOptions['logger'];
  workerPollMs?: number;
  /** The clock of the reservation rules, the desk and the reminders (tests move it); the real time by default. */
  now?: () => Date;
  /** Tests only: runs before the migrations, to make the database preparation slow. */
  beforeMigrations?: () => Promise<void>;
}

declare module 'fastify' {
  interface FastifyInstance {
    services: Services;
    /** The day-before reminder scan; `runOnce(at)` lets a test or an operator run a round at a chosen time. */
    reservationReminders: ReminderLoop;
    /** 子育て age milestone reminders; `runOnce(at)` runs a round at a chosen time. */
    childcareReminders: MilestoneReminderLoop;
    /** 子育て segment messages: starts due sends and multicasts their batches. */
    segmentSender: SegmentSender;
    /** Deletes children's data the retention rule says is due (turned 18; a year after blocking). */
    childcareRetention: RetentionLoop;
    /** Deletes photos of abandoned 損傷報告; `runOnce(at)` sweeps at a chosen time. */
    photoSweep: PhotoSweepLoop;
  }
}

export async function buildApp(options: BuildAppOptions): Promise<FastifyInstance> {
  const { config, now } = options;
  // Before any database is opened or migrated: auto local mode never runs over DATABASE_URL.
  assertLocalModeAllowed(config);
  await initI18n();
  const app = Fastify({
    logger: options.logger ?? { level: config.logLevel },
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    // LINE retries after a timeout; a stuck request must not hold the answer for long.
    requestTimeout: 30_000,
    // No start-up deadline: creating the embedded database on a busy machine, or a long migration, must only
    // take longer (a deadline would kill the boot mid-migration, and the next start would meet it again).
    // Every plugin is async, so a forgotten `done` cannot hang the boot.
    pluginTimeout: 0,
  });
  installErrorHandler(app);
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
    flows: new FlowRegistry(),
    async linkUserMenu(userId, language) {
      if (!line) return;
      try {
        await linkUserMenu(line.api, userId, language);
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
  registerReservationFeature(services, { now });
  registerChildcareFeature(services, { now });

  const photoStore = createPhotoStore(config);
  registerReportFeature(services, { store: photoStore, now });
  await app.register(workersPlugin, {
    services,
    start: config.eventWorkersEnabled,
    ...(options.workerPollMs === undefined ? {} : { pollMs: options.workerPollMs }),
  });
  await app.register(healthRoutes);
  await app.register(adminPlugin, {
    features: [
      now ? createReservationsAdminRoutes({ now }) : reservationsAdminRoutes,
      createReportsAdminRoutes({ store: photoStore }),
      createChildcareAdminRoutes({ now }),
    ],
  });
  // Open311 GeoReport v2 for partners and the city's GIS (public reads, API-keyed POST); not fastify-plugin
  // wrapped: its own error format and form parser stay inside it.
  await app.register(open311Routes, {
    apiKeys: config.open311ApiKeys,
    store: photoStore,
    publicBaseUrl: config.publicBaseUrl,
    ...(now ? { now } : {}),
  });
  // Day-before reminders: a scan of due reservations, safe with any number of instances (see reminders.ts).
  const reminders = createReminderLoop(services, {
    pollMs: 60_000,
    onQueued: () => app.workers.outbox.wake(),
    now,
  });
  app.decorate('reservationReminders', reminders);
  if (config.eventWorkersEnabled) app.addHook('onReady', async () => reminders.start());
  app.addHook('onClose', async () => reminders.stop());
  // Photos of reports never submitted: an hourly sweep of old upload records, safe with any number of instances.
  const photoSweep = createPhotoSweepLoop({ ...services, store: photoStore }, { pollMs: 60 * 60_000, now });
  app.decorate('photoSweep', photoSweep);
  if (config.eventWorkersEnabled) app.addHook('onReady', async () => photoSweep.start());
  app.addHook('onClose', async () => photoSweep.stop());
  // Age milestone reminders and segment messages: jobs in the database, safe with any number of instances.
  const childcareReminders = createMilestoneReminderLoop(services, {
    pollMs: 60_000,
    onQueued: () => app.workers.outbox.wake(),
    now,
  });
  app.decorate('childcareReminders', childcareReminders);
  const segmentSender = createSegmentSender(services, {
    pollMs: 5_000,
    perSecond: config.segmentMulticastPerSecond,
    now,
  });
  app.decorate('segmentSender', segmentSender);
  const childcareRetention = createRetentionLoop(services, { pollMs: 6 * 60 * 60_000, now });
  app.decorate('childcareRetention', childcareRetention);
  if (config.eventWorkersEnabled) {
    app.addHook('onReady', async () => {
      childcareReminders.start();
      segmentSender.start();
      childcareRetention.start();
    });
  }
  app.addHook('onClose', async () => {
    await segmentSender.stop();
    await childcareReminders.stop();
    await childcareRetention.stop();
  });
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
