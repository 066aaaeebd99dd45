// POST /webhook: signature on the raw body (constant time), then shape, then every event stored durably
// before the 200; handling runs afterwards. Forged → 401, not a webhook → 400, too big → 413, DB down → 503.
import { validateSignature } from '@line/bot-sdk';
import type { FastifyInstance } from 'fastify';
import { webhookBodySchema } from './envelope.ts';
import { type EventStore, KNOWN_EVENT_TYPES, toEventRows } from './intake.ts';

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
    let json: unknown;
    try {
      json = JSON.parse(raw.toString('utf8'));
    } catch {
      return reply.code(400).send({ error: 'body is not JSON' });
    }
    const parsed = webhookBodySchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.join('.') || '(body)';
      return reply.code(400).send({ error: `not a LINE webhook: ${where}: ${issue?.message ?? 'invalid'}` });
    }
    const rows = toEventRows(parsed.data);
    for (const row of rows) {
      if (!KNOWN_EVENT_TYPES.has(row.eventType)) {
        request.log.warn(
          { eventId: row.eventId, eventType: row.eventType },
          'unknown webhook event type stored',
        );
      }
    }
    let inserted: Set<string>;
    try {
      inserted = await options.store(rows);
    } catch (error) {
      // LINE redelivers after a non-2xx answer (when redelivery is on), so nothing is lost while the DB is down.
      request.log.error({ err: error }, 'webhook events could not be stored; answering 503');
      return reply.code(503).header('retry-after', '10').send({ error: 'temporarily unavailable' });
    }
    const fresh = rows.filter((row) => inserted.has(row.eventId)).length;
    if (fresh < rows.length) {
      request.log.info({ duplicates: rows.length - fresh }, 'duplicate webhook events ignored');
    }
    if (fresh > 0) options.onStored(fresh);
    return reply.code(200).send({});
  });
}
