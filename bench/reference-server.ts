// Reference servers for bench:webhook: `bare` checks the signature and answers; `insert` also stores each
// event with one INSERT … ON CONFLICT DO NOTHING (the durable-storage ceiling per event).
import { validateSignature } from '@line/bot-sdk';
import Fastify from 'fastify';
import pg from 'pg';

const [mode, portArg, databaseUrl] = process.argv.slice(2);
const secret = process.env.LINE_CHANNEL_SECRET ?? '';
const pool = mode === 'insert' ? new pg.Pool({ connectionString: databaseUrl, max: 10 }) : undefined;
if (pool) {
  await pool.query(
    `CREATE TABLE IF NOT EXISTS bench_events (event_id text PRIMARY KEY, payload jsonb NOT NULL)`,
  );
}

const app = Fastify({ logger: false });
app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
app.post('/webhook', async (request, reply) => {
  const raw = request.body as Buffer;
  const signature = request.headers['x-line-signature'];
  if (typeof signature !== 'string' || !validateSignature(raw, secret, signature)) {
    return reply.code(401).send({});
  }
  if (pool) {
    const body = JSON.parse(raw.toString('utf8')) as { events: { webhookEventId: string }[] };
    for (const event of body.events) {
      await pool.query(
        'INSERT INTO bench_events (event_id, payload) VALUES ($1, $2) ON CONFLICT DO NOTHING',
        [event.webhookEventId, JSON.stringify(event)],
      );
    }
  }
  return reply.code(200).send({});
});
await app.listen({ port: Number(portArg), host: '127.0.0.1' });
process.send?.('ready');
process.on('SIGTERM', () => {
  void app.close().then(async () => {
    await pool?.end();
    process.exit(0);
  });
});
