// Turns a verified webhook body into event rows and stores them durably (batched with concurrent requests).
import type pg from 'pg';
import { GroupCommit } from '../../db/group-commit.ts';
import type { NewEventRow } from '../../events/event-repository.ts';
import { chatIdOf, type WebhookBody } from './envelope.ts';
import { withoutGroupChatter } from './group-privacy.ts';
import { type StoreResult, storeEventRows } from './store-events.ts';

export const KNOWN_EVENT_TYPES = new Set([
  'message',
  'unsend',
  'follow',
  'unfollow',
  'join',
  'leave',
  'memberJoined',
  'memberLeft',
  'postback',
  'videoPlayComplete',
  'beacon',
  'accountLink',
  'things',
  'module',
  'activated',
  'deactivated',
  'botSuspended',
  'botResumed',
  'membership',
]);

export function toEventRows(body: WebhookBody): NewEventRow[] {
  return body.events.map((event) => ({
    eventId: event.webhookEventId,
    eventType: event.type,
    chatId: chatIdOf(event),
    userId: event.source?.userId ?? null,
    mode: event.mode,
    isRedelivery: event.deliveryContext.isRedelivery,
    occurredAt: new Date(event.timestamp),
    destination: body.destination,
    payload: withoutGroupChatter(event),
  }));
}

export type EventStore = (rows: NewEventRow[]) => Promise<StoreResult>;

/**
 * Concurrent webhooks share one INSERT (one statement in flight: measured no slower than two on PostgreSQL);
 * a row the database refuses is split off, so it never fails the webhooks it shared the statement with.
 */
export function createBatchedEventStore(pool: pg.Pool): EventStore {
  const batcher = new GroupCommit<NewEventRow, StoreResult>((rows) => storeEventRows(pool, rows));
  return (rows) => batcher.add(rows);
}
