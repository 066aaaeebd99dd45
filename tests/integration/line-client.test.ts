// The project's LINE client against the local emulator: replies, push fallback, retries, reads.
import { randomUUID } from 'node:crypto';
import type { messagingApi } from '@line/bot-sdk';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLineClient, LineApiError, type LineClient } from '../../src/line/client/index.ts';
import { type LineEmulator, startLineEmulator } from '../../src/line/emulator/index.ts';
import { MessageLimitError } from '../../src/line/message-limits.ts';

const TOKEN = 'test-channel-token';
const text = (t: string): messagingApi.Message => ({ type: 'text', text: t });

interface LogLine {
  level: 'info' | 'warn' | 'error';
  obj: Record<string, unknown>;
  msg: string | undefined;
}
const logs: LogLine[] = [];
const logger = {
  info: (obj: object, msg?: string) => logs.push({ level: 'info', obj: obj as Record<string, unknown>, msg }),
  warn: (obj: object, msg?: string) => logs.push({ level: 'warn', obj: obj as Record<string, unknown>, msg }),
  error: (obj: object, msg?: string) =>
    logs.push({ level: 'error', obj: obj as Record<string, unknown>, msg }),
};

let emu: LineEmulator;
let line: LineClient;

beforeAll(async () => {
  emu = await startLineEmulator({ channelAccessToken: TOKEN });
  emu.addUser({ userId: 'Uresident', displayName: '春日 花子', language: 'ja' });
  line = createLineClient({
    channelAccessToken: TOKEN,
    apiBaseUrl: emu.baseUrl,
    dataApiBaseUrl: emu.baseUrl,
    logger,
    retry: { maxAttempts: 4, baseDelayMs: 1, maxDelayMs: 5 },
  });
});
afterAll(() => emu.close());
afterEach(() => {
  // Nothing the client sent may have been something LINE would refuse.
  expect(emu.rejected).toEqual([]);
  emu.reset();
  logs.length = 0;
});

describe('reply', () => {
  it('replies with a valid token', async () => {
    await line.reply(emu.issueReplyToken('Uresident'), [text('こんにちは')]);
    expect(emu.deliveries).toMatchObject([
      { kind: 'reply', userId: 'Uresident', messages: [text('こんにちは')] },
    ]);
    expect(emu.requests[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('throws LineApiError with LINE’s status, request id and body for a spent token', async () => {
    const token = emu.issueReplyToken('Uresident');
    await line.reply(token, [text('1')]);
    const error = await line.reply(token, [text('2')]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LineApiError);
    const apiError = error as LineApiError;
    expect(apiError.status).toBe(400);
    expect(apiError.body).toEqual({ message: 'Invalid reply token' });
    expect(apiError.requestId).toBe(emu.requests[1]?.requestId);
    expect(logs.some((l) => l.level === 'error' && l.obj.requestId === apiError.requestId)).toBe(true);
  });

  it('throws before sending when a message breaks LINE’s limits', async () => {
    const tooLong = text('x'.repeat(5001));
    await expect(line.reply(emu.issueReplyToken('Uresident'), [tooLong])).rejects.toBeInstanceOf(
      MessageLimitError,
    );
    await expect(line.push('Uresident', [tooLong], randomUUID())).rejects.toBeInstanceOf(MessageLimitError);
    await expect(
      line.replyOrPush({ to: 'Uresident', replyToken: 'x', messages: [tooLong], retryKey: randomUUID() }),
    ).rejects.toBeInstanceOf(MessageLimitError);
    const six = Array.from({ length: 6 }, () => text('x'));
    await expect(line.multicast(['Uresident'], six, randomUUID())).rejects.toBeInstanceOf(MessageLimitError);
    expect(emu.requests).toEqual([]);
  });
});

describe('replyOrPush', () => {
  it('replies when the token works', async () => {
    const result = await line.replyOrPush({
      to: 'Uresident',
      replyToken: emu.issueReplyToken('Uresident'),
      messages: [text('hi')],
      retryKey: randomUUID(),
    });
    expect(result).toEqual({ via: 'reply' });
    expect(emu.deliveries.map((d) => d.kind)).toEqual(['reply']);
  });

  it('falls back to push with the retry key when the token is spent', async () => {
    const token = emu.issueReplyToken('Uresident');
    await line.reply(token, [text('first')]);
    const retryKey = randomUUID();
    const result = await line.replyOrPush({
      to: 'Uresident',
      replyToken: token,
      messages: [text('late')],
      retryKey,
    });
    expect(result).toEqual({ via: 'push' });
    expect(emu.deliveries.map((d) => [d.kind, d.retryKey])).toEqual([
      ['reply', undefined],
      ['push', retryKey],
    ]);
    expect(emu.messagesFor('Uresident')).toEqual([text('first'), text('late')]);
  });

  it('pushes straight away without a token', async () => {
    const result = await line.replyOrPush({ to: 'Uresident', messages: [text('x')], retryKey: randomUUID() });
    expect(result).toEqual({ via: 'push' });
    expect(emu.requests.map((r) => r.path)).toEqual(['/v2/bot/message/push']);
  });
});

describe('push and multicast retries', () => {
  it('always sends the retry key', async () => {
    const retryKey = randomUUID();
    const result = await line.push('Uresident', [text('x')], retryKey);
    expect(result).toEqual({ requestId: emu.requests[0]?.requestId, alreadyAccepted: false });
    expect(emu.requests[0]?.headers['x-line-retry-key']).toBe(retryKey);
  });

  it('retries 429 twice (Retry-After: 0) and then succeeds with the same retry key', async () => {
    emu.failNext({ path: '/v2/bot/message/push', status: 429, times: 2, headers: { 'Retry-After': '0' } });
    const retryKey = randomUUID();
    await line.push('Uresident', [text('x')], retryKey);
    expect(emu.requests.map((r) => r.status)).toEqual([429, 429, 200]);
    expect(new Set(emu.requests.map((r) => r.headers['x-line-retry-key']))).toEqual(new Set([retryKey]));
    expect(emu.deliveries).toHaveLength(1);
    const warnings = logs.filter((l) => l.level === 'warn');
    expect(warnings.map((l) => l.obj.requestId)).toEqual(emu.requests.slice(0, 2).map((r) => r.requestId));
  });

  it('a 500 after delivery is retried, LINE answers 409, and the message arrives exactly once', async () => {
    emu.failNext({ path: '/v2/bot/message/push', status: 500, deliverThenFail: true });
    const result = await line.push('Uresident', [text('once')], randomUUID());
    expect(emu.requests.map((r) => r.status)).toEqual([500, 409]);
    expect(result).toEqual({ requestId: emu.requests[0]?.requestId, alreadyAccepted: true });
    expect(emu.deliveries).toHaveLength(1);
    expect(emu.messagesFor('Uresident')).toEqual([text('once')]);
  });

  it('does the same for multicast', async () => {
    emu.failNext({ path: '/v2/bot/message/multicast', status: 500, deliverThenFail: true });
    const result = await line.multicast(['Uresident', 'Uother'], [text('all')], randomUUID());
    expect(result.alreadyAccepted).toBe(true);
    expect(emu.deliveries.map((d) => d.userId)).toEqual(['Uresident', 'Uother']);
  });

  it('gives up after maxAttempts with LineApiError', async () => {
    emu.failNext({ path: '/v2/bot/message/push', status: 500, times: 10 });
    const error = (await line
      .push('Uresident', [text('x')], randomUUID())
      .catch((e: unknown) => e)) as LineApiError;
    expect(error).toBeInstanceOf(LineApiError);
    expect(error.status).toBe(500);
    expect(error.requestId).toBe(emu.requests[3]?.requestId);
    expect(emu.requests).toHaveLength(4);
    expect(emu.deliveries).toEqual([]);
    emu.reset();
  });

  it('does not retry other 4xx', async () => {
    emu.failNext({ path: '/v2/bot/message/push', status: 403 });
    await expect(line.push('Uresident', [text('x')], randomUUID())).rejects.toMatchObject({ status: 403 });
    expect(emu.requests).toHaveLength(1);
  });

  it('retries network errors', async () => {
    const offline = createLineClient({
      channelAccessToken: TOKEN,
      apiBaseUrl: 'http://127.0.0.1:9', // discard port: connection refused
      dataApiBaseUrl: 'http://127.0.0.1:9',
      logger,
      retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2 },
    });
    await expect(offline.push('Uresident', [text('x')], randomUUID())).rejects.toMatchObject({ status: 0 });
    expect(logs.filter((l) => l.obj.operation === 'push').map((l) => l.level)).toEqual(['warn', 'error']);
  });

  it('refuses more than 500 multicast recipients without calling LINE', async () => {
    const to = Array.from({ length: 501 }, (_, i) => `U${i}`);
    await expect(line.multicast(to, [text('x')], randomUUID())).rejects.toThrow(/at most 500/);
    expect(emu.requests).toEqual([]);
  });
});

describe('reads', () => {
  it('gets a profile, null for an unknown user', async () => {
    expect(await line.getProfile('Uresident')).toEqual({
      userId: 'Uresident',
      displayName: '春日 花子',
      language: 'ja',
    });
    expect(await line.getProfile('Uunknown')).toBeNull();
  });

  it('downloads message content; null on 404 and 410; retries 5xx', async () => {
    const bytes = Buffer.from('fake jpeg bytes');
    emu.setContent('m1', bytes, 'image/jpeg');
    expect(await line.getMessageContent('m1')).toEqual({ contentType: 'image/jpeg', data: bytes });
    expect(await line.getMessageContent('missing')).toBeNull();
    emu.failNext({ path: '/v2/bot/message/m1/content', status: 410 });
    expect(await line.getMessageContent('m1')).toBeNull();
    emu.failNext({ path: '/v2/bot/message/m1/content', status: 503, times: 2 });
    expect(await line.getMessageContent('m1')).toEqual({ contentType: 'image/jpeg', data: bytes });
    expect(emu.requests.map((r) => r.status)).toEqual([200, 404, 410, 503, 503, 200]);
  });

  it('starts the loading animation with a valid number of seconds and never throws', async () => {
    await line.startLoading('Uresident', 7);
    await line.startLoading('Uresident', 600);
    expect(emu.requests.map((r) => (r.body as { loadingSeconds: number }).loadingSeconds)).toEqual([10, 60]);
    emu.failNext({ path: '/v2/bot/chat/loading/start', status: 500, times: 10 });
    await expect(line.startLoading('Uresident', 5)).resolves.toBeUndefined();
  });
});
