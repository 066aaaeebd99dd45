// The LINE emulator over real HTTP: failure injection and the loading animation.
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type LineEmulator, startLineEmulator } from '../../src/line/emulator/index.ts';
import { callJson } from '../helpers/emulator-http.ts';

const text = (t: string) => ({ type: 'text', text: t });
let emu: LineEmulator;
const call = (method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
  callJson(emu.baseUrl, method, path, body, headers);

beforeAll(async () => {
  emu = await startLineEmulator();
  emu.addUser({ userId: 'Ualice', displayName: 'Alice' });
  emu.addUser({ userId: 'Ubob', displayName: 'Bob' });
});
afterAll(() => emu.close());
afterEach(() => emu.reset());

describe('failure injection', () => {
  it('answers 429 then 500 with LINE bodies and extra headers, then works again', async () => {
    emu.failNext({ path: '/v2/bot/message/push', status: 429, headers: { 'retry-after': '0' } });
    emu.failNext({ method: 'POST', path: /\/push$/, status: 500 });
    const body = { to: 'Ubob', messages: [text('x')] };
    const limited = await call('POST', '/v2/bot/message/push', body);
    expect(limited.status).toBe(429);
    expect(limited.json).toEqual({ message: 'The API rate limit has been exceeded. Try again later.' });
    expect(limited.headers.get('retry-after')).toBe('0');
    const broken = await call('POST', '/v2/bot/message/push', body);
    expect(broken.status).toBe(500);
    expect(broken.json).toEqual({ message: 'Internal server error' });
    expect((await call('POST', '/v2/bot/message/push', body)).status).toBe(200);
    expect(emu.deliveries).toHaveLength(1);
    expect(emu.requests.map((r) => r.status)).toEqual([429, 500, 200]);
  });

  it('matches method and path, and counts `times`', async () => {
    emu.failNext({ method: 'GET', path: '/v2/bot/profile/Ubob', status: 503, times: 2 });
    expect((await call('GET', '/v2/bot/profile/Ualice')).status).toBe(200);
    expect((await call('GET', '/v2/bot/profile/Ubob')).status).toBe(503);
    expect((await call('GET', '/v2/bot/profile/Ubob')).status).toBe(503);
    expect((await call('GET', '/v2/bot/profile/Ubob')).status).toBe(200);
  });

  it('deliverThenFail delivers and remembers the retry key, so the retry gets 409', async () => {
    emu.failNext({ path: '/v2/bot/message/push', status: 500, deliverThenFail: true });
    const key = randomUUID();
    const body = { to: 'Ubob', messages: [text('once')] };
    const failed = await call('POST', '/v2/bot/message/push', body, { 'X-Line-Retry-Key': key });
    expect(failed.status).toBe(500);
    expect(failed.json).toEqual({ message: 'Internal server error' });
    const retried = await call('POST', '/v2/bot/message/push', body, { 'X-Line-Retry-Key': key });
    expect(retried.status).toBe(409);
    expect(retried.headers.get('x-line-accepted-request-id')).toBe(failed.headers.get('x-line-request-id'));
    expect(emu.messagesFor('Ubob')).toEqual([text('once')]);
  });

  it('reset() drops pending failures', async () => {
    emu.failNext({ path: '/v2/bot/profile/Ubob', status: 500 });
    emu.reset();
    expect((await call('GET', '/v2/bot/profile/Ubob')).status).toBe(200);
  });
});

describe('loading animation', () => {
  it('accepts 5 to 60 seconds in steps of 5 (default 20), refuses the rest', async () => {
    for (const loadingSeconds of [5, 20, 60, undefined]) {
      const answer = await call('POST', '/v2/bot/chat/loading/start', { chatId: 'Ubob', loadingSeconds });
      expect(answer.status).toBe(202);
    }
    for (const loadingSeconds of [0, 3, 7, 65, '10']) {
      const answer = await call('POST', '/v2/bot/chat/loading/start', { chatId: 'Ubob', loadingSeconds });
      expect(answer.status).toBe(400);
    }
    expect((await call('POST', '/v2/bot/chat/loading/start', { loadingSeconds: 5 })).status).toBe(400);
  });
});
