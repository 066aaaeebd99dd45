// A client's X-Request-Id reaches the request's log lines as its own field beside the server's id, which is
// what the response sends back.
import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { expect, it } from 'vitest';
import { installRequestIds } from '../../src/http/request-id.ts';

it('logs the client’s id as clientRequestId and answers with the server’s own id', async () => {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
      done();
    },
  });
  let n = 0;
  const app = Fastify({
    logger: { level: 'info', stream },
    requestIdHeader: false,
    genReqId: () => `srv-${++n}`,
  });
  installRequestIds(app);
  app.get('/x', async (request) => {
    request.log.info('handled');
    return { ok: true };
  });
  const res = await app.inject({ url: '/x', headers: { 'x-request-id': 'from-the-client\nforged' } });
  await app.close();
  expect(res.headers['x-request-id']).toBe('srv-1');
  const handled = lines.find((line) => line.msg === 'handled');
  expect(handled).toMatchObject({ reqId: 'srv-1', clientRequestId: 'from-the-client?forged' });
  const plain = await (async () => {
    const again = Fastify({ logger: { level: 'info', stream }, requestIdHeader: false });
    installRequestIds(again);
    again.get('/y', async (request) => {
      request.log.info('no client id');
      return {};
    });
    await again.inject({ url: '/y' });
    await again.close();
    return lines.find((line) => line.msg === 'no client id');
  })();
  expect(plain).not.toHaveProperty('clientRequestId');
});
