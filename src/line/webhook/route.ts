// POST /webhook: signature on the raw body (constant time), then shape, then every event stored durably
// before the 200; handling runs afterwards. Forged → 401, not a webhook → 400, too big → 413, DB down → 503;
// an event the database refuses for its content → logged and acknowledged (redelivery could not store it).
import { validateSignature } from '@line/bot-sdk';
import type { FastifyInstance } from 'fastify';
import { type EventStore, KNOWN_EVENT_TYPES, toEventRows } from './intake.ts';
import { parseWebhookBody } from './parse.ts';
import type { StoreResult } from './store-events.ts';

export interface WebhookRouteOptions {
  channelSecret: string | undefined;
  bodyLimit: number;
  store: EventStore;
  /** Called when new events were stored, so this instance starts handling them at once. */
  onStored(count: number): void;
}

export async function webhookRoute(fastify: FastifyInstance, options: WebhookRouteOptions): Promise<void> {
  // The signature is over the exact bytes LINE sent: keep them, never parse and re-serialise before checking.
  fastify.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => {
    done(null, body);
  });

  fastify.post('/webhook', { bodyLimit: options.bodyLimit }, async (request, reply) => {
    const raw = request.body;
    const signature = request.headers['x-line-signature'];
    if (
      !options.channelSecret ||
      !Buffer.isBuffer(raw) ||
      typeof signature !== 'string' ||
      !validateSignature(raw, options.channelSecret, signature)
    ) {
      request.log.warn('webhook rejected: missing or invalid signature');
      return reply.code(401).send({ error: 'invalid signature' });
    }
    const parsed = parseWebhookBody(raw);
    if (!parsed.ok) return reply.code(400).send({ error: parsed.error });
    const rows = toEventRows(parsed.body);
    for (const row of rows) {
      if (!KNOWN_EVENT_TYPES.has(row.eventType)) {
        request.log.warn(
          { eventId: row.eventId, eventType: row.eventType },
          'unknown webhook event type stored',
        );
      }
    }
    let stored: StoreResult;
    try {
      stored = await options.store(rows);
    } catch (error) {
      // LINE redelivers after a non-2xx answer (when redelivery is on), so nothing is lost while the DB is down.
      request.log.error({ err: error }, 'webhook events could not be stored; answering 503');
      return reply.code(503).header('retry-after', '10').send({ error: 'temporarily unavailable' });
    }
    const fresh = rows.filter((row) => stored.inserted.has(row.eventId)).length;
    const refused = rows.filter((row) => stored.refused.has(row.eventId));
    for (const row of refused) {
      // LINE would redeliver the same bytes, refused the same way: acknowledged, and left to the logs.
      request.log.error(
        {
          eventId: row.eventId,
          eventType: row.eventType,
          chatId: row.chatId,
          reason: stored.refused.get(row.eventId),
        },
        'webhook event refused by the database; acknowledged without storing it',
      );
    }
    const duplicates = rows.length - fresh - refused.length;
    if (duplicates > 0) request.log.info({ duplicates }, 'duplicate webhook events ignored');
    if (fresh > 0) options.onStored(fresh);
    return reply.code(200).send({});
  });
}
