// Handles one claimed event: routes it, then commits its writes, its outgoing messages and its completion in
// one transaction, then sends. A failure gives the event back for a retry; a lost lease rolls everything back.

import { setTimeout as sleep } from 'node:timers/promises';
import { GroupCommit } from '../db/group-commit.ts';
import { transact } from '../db/transact.ts';
import type { Deliverer } from '../outbox/deliverer.ts';
import {
  type Completion,
  completeEvents,
  findCommittedAnswer,
  type OutboundMessage,
} from '../outbox/outbox-repository.ts';
import { type ChatContext, loadChatContext, loadChatContexts } from './chat-context.ts';
import type { StoredEvent } from './event-repository.ts';
import { LeaseLostError, releaseFailedEvent } from './event-repository.ts';
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

  /**
   * Until when the event's reply token may be used, or null. A token is used only by the attempt that commits the
   * event's answer (an attempt that failed or died before committing never used it), so a retried or taken-over
   * event still replies while the token is fresh. A redelivered event's token is never trusted.
   */
  function replyDeadline(event: StoredEvent): Date | null {
    if (event.isRedelivery || replyTokenOf(event) === null) return null;
    const deadline = event.occurredAt.getTime() + config.replyTokenMaxAgeSeconds * 1000;
    return Date.now() + 1_000 < deadline ? new Date(deadline) : null;
  }

  const completions = new GroupCommit<Completion, Map<string, OutboundMessage | null>>((items) =>
    completeEvents(pool, items),
  );

  // Contexts loaded for a claimed batch: only for each chat's first event (later ones see earlier ones' changes).
  const prefetched = new Map<string, ChatContext>();

  async function prefetch(events: StoredEvent[]): Promise<void> {
    const firsts = new Map<string, string>();
    for (const event of events) {
      if (event.userId && event.chatId === event.userId && !firsts.has(event.userId)) {
        firsts.set(event.userId, event.eventId);
      }
    }
    if (firsts.size === 0) return;
    const contexts = await loadChatContexts(pool, [...firsts.keys()]);
    for (const [userId, eventId] of firsts) {
      const context = contexts.get(userId);
      if (context) prefetched.set(eventId, context);
    }
  }

  async function processEvent(event: StoredEvent): Promise<void> {
    const log = services.log.child({ eventId: event.eventId, eventType: event.eventType });
    try {
      const context = new HandlerContext(event, services);
      // Standby events (another channel answers this chat) are stored and never answered.
      if (event.mode === 'active') {
        const loaded = prefetched.get(event.eventId);
        prefetched.delete(event.eventId);
        if (event.userId) Object.assign(context, loaded ?? (await loadChatContext(pool, event.userId)));
        await routeEvent(context);
      }
      // Built only after the writes ran: a write may send what only its transaction knows (a booking's number).
      const completion = (): Completion => {
        const deadline = replyDeadline(event);
        return {
          eventId: event.eventId,
          owner,
          outbound:
            context.messages.length > 0 && event.chatId
              ? {
                  toId: event.chatId,
                  replyToken: deadline ? replyTokenOf(event) : null,
                  replyDeadline: deadline,
                  messages: context.messages,
                }
              : null,
          leaseSeconds,
          channel: services.channelKind,
        };
      };
      // Without writes of its own, an event is completed together with others handled at the same moment.
      const completed =
        context.writes.length === 0
          ? await completions.add([completion()])
          : await transact(pool, async (tx) => {
              for (const write of context.writes) await write(tx);
              const result = await completeEvents(tx, [completion()]);
              if (!result.has(event.eventId))
                throw new LeaseLostError(`lease on event ${event.eventId} was lost`);
              return result;
            });
      if (!completed.has(event.eventId)) throw new LeaseLostError(`lease on event ${event.eventId} was lost`);
      const outbound = completed.get(event.eventId) ?? null;
      if (outbound) await deliverer.deliver(outbound);
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
      void deliverIfCommitted(event);
    }
  }

  /**
   * A connection lost during COMMIT leaves it unknown whether the event's answer was committed. If it was, it was
   * never sent (the error came first) and no one else will take it while this instance is alive: look for it
   * once the database answers, and send it.
   */
  async function deliverIfCommitted(event: StoredEvent): Promise<void> {
    const until = event.occurredAt.getTime() + 5 * 60_000;
    for (let wait = 500; Date.now() < until; wait = Math.min(wait * 2, 15_000)) {
      try {
        const answer = await findCommittedAnswer(pool, { eventId: event.eventId, owner, leaseSeconds });
        if (answer) {
          services.log.warn({ eventId: event.eventId }, 'an answer committed despite an error: sending it');
          await deliverer.deliver(answer);
        }
        return;
      } catch {
        await sleep(wait, undefined, { ref: false });
      }
    }
  }

  return { processEvent, prefetch };
}
