// Handles one claimed event: routes it, then commits its writes, its outgoing messages and its completion in
// one transaction, then sends. A failure gives the event back for a retry; a lost lease rolls everything back.
import { transact } from '../db/transact.ts';
import type { Deliverer } from '../outbox/deliverer.ts';
import { enqueueLeased, type OutboundMessage } from '../outbox/outbox-repository.ts';
import type { StoredEvent } from './event-repository.ts';
import { completeEvent, LeaseLostError, releaseFailedEvent } from './event-repository.ts';
import { HandlerContext } from './handler-context.ts';
import { routeEvent } from './router.ts';
import type { Services } from './services.ts';

const MAX_EVENT_ATTEMPTS = 5;

function replyTokenOf(event: StoredEvent): string | null {
  const token = (event.payload as { replyToken?: unknown }).replyToken;
  return typeof token === 'string' && token.length > 0 ? token : null;
}

export function createEventProcessor(services: Services, deliverer: Deliverer, owner: string) {
  const { pool, config } = services;
  const leaseSeconds = config.eventLeaseSeconds;

  /** A reply token is single-use and short-lived: only a first attempt on a fresh event may use it. */
  function mayReply(event: StoredEvent): boolean {
    const age = Date.now() - event.occurredAt.getTime();
    return event.attempts === 1 && !event.isRedelivery && age < config.replyTokenMaxAgeSeconds * 1000;
  }

  return async function processEvent(event: StoredEvent): Promise<void> {
    const log = services.log.child({ eventId: event.eventId, eventType: event.eventType });
    try {
      const context = new HandlerContext(event, services);
      // Standby events (another channel answers this chat) are stored and never answered.
      if (event.mode === 'active') await routeEvent(context);
      const outbound = await transact(pool, async (tx): Promise<OutboundMessage | null> => {
        for (const write of context.writes) await write(tx);
        let item: OutboundMessage | null = null;
        if (context.messages.length > 0 && event.chatId) {
          item = await enqueueLeased(
            tx,
            {
              toId: event.chatId,
              replyToken: replyTokenOf(event),
              messages: context.messages,
              sourceEventId: event.eventId,
            },
            leaseSeconds,
          );
        }
        await completeEvent(tx, event.eventId, owner);
        return item;
      });
      if (outbound) await deliverer.deliver(outbound, { allowReply: mayReply(event) });
    } catch (error) {
      if (error instanceof LeaseLostError) {
        log.warn('event lease ran out while handling; another instance handles it');
        return;
      }
      const bug = (error as { code?: unknown }).code === 'MESSAGE_LIMIT';
      const giveUp = bug || event.attempts >= MAX_EVENT_ATTEMPTS;
      log.error({ err: error, attempts: event.attempts, giveUp }, 'event handling failed');
      await releaseFailedEvent(
        pool,
        event.eventId,
        owner,
        (error as Error).message ?? String(error),
        giveUp,
        Math.min(300, 2 ** event.attempts),
      ).catch((dbError: unknown) =>
        log.error({ err: dbError }, 'could not release a failed event; its lease will run out'),
      );
    }
  };
}
