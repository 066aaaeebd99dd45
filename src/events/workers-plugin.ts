// Starts this instance's background loops when the app is ready (handling stored events, retrying the outbox)
// and, on close, stops claiming and lets claimed work finish before the database pool closes.

import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { createDeliverer } from '../outbox/deliverer.ts';
import { claimOutbound, expireLeasesOfOthers, type OutboundMessage } from '../outbox/outbox-repository.ts';
import { ClaimLoop } from './claim-loop.ts';
import { EventLanes } from './event-lanes.ts';
import { createEventProcessor } from './event-processor.ts';
import { claimEvents, type EventLane, type StoredEvent } from './event-repository.ts';
import { createHeartbeat, forgetAllOtherInstances } from './instances.ts';
import type { Services } from './services.ts';

declare module 'fastify' {
  interface FastifyInstance {
    workers: { events: EventLanes; outbox: ClaimLoop<OutboundMessage>; owner: string };
  }
}

export interface WorkersPluginOptions {
  services: Services;
  start: boolean;
  pollMs?: number;
}

async function workersPlugin(fastify: FastifyInstance, options: WorkersPluginOptions): Promise<void> {
  const { services } = options;
  const { pool, config } = services;
  const owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const deliverer = createDeliverer({ pool, sender: services.line, log: fastify.log, owner });
  const { processEvent, prefetch } = createEventProcessor(services, deliverer, owner);
  const pollMs = options.pollMs ?? 1_000;

  const lane = (name: EventLane, concurrency: number) =>
    new ClaimLoop<StoredEvent>({
      name: `events:${name}`,
      concurrency,
      pollMs,
      log: fastify.log,
      claim: (limit) => claimEvents(pool, owner, limit, config.eventLeaseSeconds, name),
      groupKey: (event) => event.chatId ?? event.eventId,
      prepare: prefetch,
      // The chat's next event may wait in the other lane (a photo, then a tap): every lane looks again.
      handle: (event) => processEvent(event).finally(() => events.wake()),
    });
  const events = new EventLanes([
    lane('messages', config.eventWorkerConcurrency),
    lane('content', config.eventContentConcurrency),
  ]);
  const outbox = new ClaimLoop<OutboundMessage>({
    name: 'outbox',
    concurrency: config.eventWorkerConcurrency,
    pollMs: pollMs * 2,
    log: fastify.log,
    claim: (limit) =>
      claimOutbound(pool, {
        owner,
        limit,
        leaseSeconds: config.eventLeaseSeconds,
        channel: services.channelKind,
      }),
    groupKey: (item) => item.toId,
    handle: (item) => deliverer.deliver(item),
  });
  const heartbeat = createHeartbeat(pool, owner, fastify.log);
  fastify.decorate('workers', { events, outbox, owner });

  if (options.start) {
    fastify.addHook('onReady', async () => {
      if (!config.databaseUrl) {
        // The embedded database is open in this process only (a lock file): whatever a previous process held
        // when it died is taken over now, not after its lease or heartbeat timeout.
        await forgetAllOtherInstances(pool, owner);
        await expireLeasesOfOthers(pool, owner);
      }
      await heartbeat.start();
      events.start();
      outbox.start();
    });
  }
  fastify.addHook('onClose', async () => {
    await events.stop();
    await outbox.stop();
    await deliverer.flush(2_000);
    // Last, so no other instance takes over work this one is still finishing.
    if (options.start) await heartbeat.stop();
  });
}

export default fp(workersPlugin, { name: 'workers', dependencies: ['database'] });
