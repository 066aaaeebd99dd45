// The LINE emulator over real HTTP: auth, profiles, reply tokens, push/multicast, records, content, spec paths.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type Delivery, type LineEmulator, startLineEmulator } from '../../src/line/emulator/index.ts';
import { callJson } from '../helpers/emulator-http.ts';
import { openApiAvailable, openApiDir, openApiSkipReason, validateOpenApi } from '../helpers/line-openapi.ts';

const text = (t: string) => ({ type: 'text', text: t });
let emu: LineEmulator;
const call = (method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
  callJson(emu.baseUrl, method, path, body, headers);

beforeAll(async () => {
  emu = await startLineEmulator({ replyTokenTtlMs: 200 });
  emu.addUser({
    userId: 'Ualice',
    displayName: 'Alice',
    language: 'en',
    pictureUrl: 'https://example.com/a.png',
  });
  emu.addUser({ userId: 'Ubob', displayName: 'Bob' });
});
afterAll(() => emu.close());
afterEach(() => emu.reset());

describe('server basics', () => {
  it('answers on baseUrl with an x-line-request-id on every response, errors in LINE shape', async () => {
    expect(emu.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const missing = await call('GET', '/v2/bot/nothing');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('x-line-request-id')).toMatch(/^[0-9a-f]{32}$/);
    expect(missing.json).toEqual({ message: 'Not found' });
    const ok = await call('GET', '/v2/bot/profile/Ubob');
    expect(ok.headers.get('x-line-request-id')).toMatch(/^[0-9a-f]{32}$/);
    expect(ok.headers.get('x-line-request-id')).not.toBe(missing.headers.get('x-line-request-id'));
  });

  it('requires the bearer token when one is configured', async () => {
    const secured = await startLineEmulator({ channelAccessToken: 'secret-token' });
    try {
      const none = await callJson(secured.baseUrl, 'GET', '/v2/bot/richmenu/list');
      expect(none.status).toBe(401);
      expect(none.json.message).toMatch(/Authentication failed/);
      const wrong = await callJson(secured.baseUrl, 'GET', '/v2/bot/richmenu/list', undefined, {
        authorization: 'Bearer nope',
      });
      expect(wrong.status).toBe(401);
      const right = await callJson(secured.baseUrl, 'GET', '/v2/bot/richmenu/list', undefined, {
        authorization: 'Bearer secret-token',
      });
      expect(right.status).toBe(200);
      expect(secured.requests.map((r) => r.status)).toEqual([401, 401, 200]);
    } finally {
      await secured.close();
    }
  });

  it('records every request with method, path, headers, body, time and status', async () => {
    const key = randomUUID();
    const before = Date.now();
    await call(
      'POST',
      '/v2/bot/message/push?x=1',
      { to: 'Ubob', messages: [text('hi')] },
      { 'x-line-retry-key': key },
    );
    expect(emu.requests).toHaveLength(1);
    const [recorded] = emu.requests;
    expect(recorded).toMatchObject({
      method: 'POST',
      path: '/v2/bot/message/push',
      query: { x: '1' },
      body: { to: 'Ubob', messages: [text('hi')] },
      status: 200,
    });
    expect(recorded?.headers['x-line-retry-key']).toBe(key);
    expect(recorded?.at.getTime()).toBeGreaterThanOrEqual(before);
    expect(recorded?.requestId).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe('profiles', () => {
  it('returns a profile, omitting language when unset', async () => {
    const alice = await call('GET', '/v2/bot/profile/Ualice');
    expect(alice.json).toEqual({
      userId: 'Ualice',
      displayName: 'Alice',
      language: 'en',
      pictureUrl: 'https://example.com/a.png',
    });
    const bob = await call('GET', '/v2/bot/profile/Ubob');
    expect(bob.json).toEqual({ userId: 'Ubob', displayName: 'Bob' });
    expect('language' in bob.json).toBe(false);
  });

  it('answers 404 for unknown and blocked users', async () => {
    expect((await call('GET', '/v2/bot/profile/Unobody')).status).toBe(404);
    emu.setBlocked('Ubob', true);
    try {
      expect((await call('GET', '/v2/bot/profile/Ubob')).status).toBe(404);
    } finally {
      emu.setBlocked('Ubob', false);
    }
    expect((await call('GET', '/v2/bot/profile/Ubob')).status).toBe(200);
  });
});

describe('reply tokens', () => {
  it('delivers a reply to the token’s user once, then refuses the spent token', async () => {
    const token = emu.issueReplyToken('Ualice');
    const first = await call('POST', '/v2/bot/message/reply', { replyToken: token, messages: [text('a')] });
    expect(first.status).toBe(200);
    expect(first.json.sentMessages).toHaveLength(1);
    expect(emu.deliveries).toMatchObject([{ kind: 'reply', userId: 'Ualice', messages: [text('a')] }]);
    const again = await call('POST', '/v2/bot/message/reply', { replyToken: token, messages: [text('b')] });
    expect(again.status).toBe(400);
    expect(again.json).toEqual({ message: 'Invalid reply token' });
    expect(emu.deliveries).toHaveLength(1);
    expect(emu.rejected).toEqual([]);
  });

  it('refuses unknown and expired tokens', async () => {
    const unknown = await call('POST', '/v2/bot/message/reply', {
      replyToken: 'f'.repeat(32),
      messages: [text('x')],
    });
    expect(unknown.json).toEqual({ message: 'Invalid reply token' });
    const token = emu.issueReplyToken('Ualice');
    await sleep(250); // the emulator was started with a 200 ms TTL
    const late = await call('POST', '/v2/bot/message/reply', { replyToken: token, messages: [text('x')] });
    expect(late.status).toBe(400);
    expect(late.json).toEqual({ message: 'Invalid reply token' });
    expect(emu.deliveries).toEqual([]);
  });
});

describe('push and multicast', () => {
  it('delivers a push, and a second request with the same retry key gets 409 without delivery', async () => {
    const key = randomUUID();
    const first = await call(
      'POST',
      '/v2/bot/message/push',
      { to: 'Ubob', messages: [text('1')] },
      { 'X-Line-Retry-Key': key },
    );
    expect(first.status).toBe(200);
    const second = await call(
      'POST',
      '/v2/bot/message/push',
      { to: 'Ubob', messages: [text('1')] },
      { 'X-Line-Retry-Key': key },
    );
    expect(second.status).toBe(409);
    expect(second.headers.get('x-line-accepted-request-id')).toBe(first.headers.get('x-line-request-id'));
    expect(second.json.sentMessages).toEqual(first.json.sentMessages);
    expect(emu.deliveries).toHaveLength(1);
    expect(emu.deliveries[0]).toMatchObject({ kind: 'push', userId: 'Ubob', retryKey: key });
  });

  it('rejects a retry key that is not a UUID', async () => {
    const answer = await call(
      'POST',
      '/v2/bot/message/push',
      { to: 'Ubob', messages: [text('1')] },
      { 'X-Line-Retry-Key': 'abc' },
    );
    expect(answer.status).toBe(400);
    expect(emu.deliveries).toEqual([]);
    expect(emu.rejected).toHaveLength(1);
  });

  it('multicast yields one delivery per recipient and honours retry keys', async () => {
    const key = randomUUID();
    const body = { to: ['Ualice', 'Ubob'], messages: [text('all')] };
    const first = await call('POST', '/v2/bot/message/multicast', body, { 'X-Line-Retry-Key': key });
    expect(first.status).toBe(200);
    expect(first.json).toEqual({});
    expect(emu.deliveries.map((d) => [d.kind, d.userId])).toEqual([
      ['multicast', 'Ualice'],
      ['multicast', 'Ubob'],
    ]);
    const again = await call('POST', '/v2/bot/message/multicast', body, { 'X-Line-Retry-Key': key });
    expect(again.status).toBe(409);
    expect(again.headers.get('x-line-accepted-request-id')).toBe(first.headers.get('x-line-request-id'));
    expect(emu.deliveries).toHaveLength(2);
  });

  it('refuses multicast to more than 500 users', async () => {
    const to = Array.from({ length: 501 }, (_, i) => `U${i}`);
    const answer = await call('POST', '/v2/bot/message/multicast', { to, messages: [text('x')] });
    expect(answer.status).toBe(400);
    expect(answer.json.details?.[0]?.property).toBe('to');
    expect(emu.deliveries).toEqual([]);
    expect(emu.rejected).toHaveLength(1);
  });

  it('skips blocked users', async () => {
    emu.setBlocked('Ualice', true);
    try {
      await call('POST', '/v2/bot/message/multicast', { to: ['Ualice', 'Ubob'], messages: [text('x')] });
      expect(emu.deliveries.map((d) => d.userId)).toEqual(['Ubob']);
    } finally {
      emu.setBlocked('Ualice', false);
    }
  });
});

describe('message validation', () => {
  it.each([
    ['no messages', []],
    ['six messages', Array.from({ length: 6 }, () => text('x'))],
    ['a text over 5000 characters', [text('あ'.repeat(5001))]],
  ])('refuses %s with LINE details and records the rejection', async (_name, messages) => {
    const token = emu.issueReplyToken('Ualice');
    for (const [path, body] of [
      ['/v2/bot/message/reply', { replyToken: token, messages }],
      ['/v2/bot/message/push', { to: 'Ualice', messages }],
      ['/v2/bot/message/multicast', { to: ['Ualice'], messages }],
    ] as const) {
      const answer = await call('POST', path, body);
      expect(answer.status).toBe(400);
      expect(answer.json.message).toMatch(/error/);
      expect(answer.json.details?.length).toBeGreaterThan(0);
      expect(answer.json.details?.[0]).toEqual({ message: expect.any(String), property: expect.any(String) });
    }
    expect(emu.rejected.map((r) => r.path)).toEqual([
      '/v2/bot/message/reply',
      '/v2/bot/message/push',
      '/v2/bot/message/multicast',
    ]);
    expect(emu.deliveries).toEqual([]);
    // The refused reply did not spend the token.
    expect(
      (await call('POST', '/v2/bot/message/reply', { replyToken: token, messages: [text('ok')] })).status,
    ).toBe(200);
  });
});

describe('records and listeners', () => {
  it('messagesFor lists one user’s messages in order; onDelivery sees each delivery until unsubscribed', async () => {
    const seen: Delivery[] = [];
    const off = emu.onDelivery((d) => seen.push(d));
    await call('POST', '/v2/bot/message/push', { to: 'Ubob', messages: [text('1'), text('2')] });
    await call('POST', '/v2/bot/message/push', { to: 'Ualice', messages: [text('other')] });
    await call('POST', '/v2/bot/message/push', { to: 'Ubob', messages: [text('3')] });
    off();
    await call('POST', '/v2/bot/message/push', { to: 'Ubob', messages: [text('4')] });
    expect(emu.messagesFor('Ubob')).toEqual([text('1'), text('2'), text('3'), text('4')]);
    expect(seen.map((d) => d.userId)).toEqual(['Ubob', 'Ualice', 'Ubob']);
    emu.reset();
    expect([emu.requests.length, emu.deliveries.length, emu.messagesFor('Ubob').length]).toEqual([0, 0, 0]);
  });
});

describe('message content', () => {
  it('serves stored content with its type, 404 otherwise', async () => {
    emu.setContent('1001', Buffer.from([1, 2, 3, 250]), 'image/jpeg');
    const response = await fetch(`${emu.baseUrl}/v2/bot/message/1001/content`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await response.arrayBuffer())).toEqual(Buffer.from([1, 2, 3, 250]));
    expect((await call('GET', '/v2/bot/message/9999/content')).status).toBe(404);
  });
});

// Paths the emulator serves; each must exist in LINE's OpenAPI spec so the emulator never invents an API.
const EMULATED_PATHS = [
  '/v2/bot/message/reply',
  '/v2/bot/message/push',
  '/v2/bot/message/multicast',
  '/v2/bot/message/{messageId}/content',
  '/v2/bot/profile/{userId}',
  '/v2/bot/chat/loading/start',
  '/v2/bot/richmenu',
  '/v2/bot/richmenu/validate',
  '/v2/bot/richmenu/list',
  '/v2/bot/richmenu/{richMenuId}',
  '/v2/bot/richmenu/{richMenuId}/content',
  '/v2/bot/user/all/richmenu',
  '/v2/bot/user/all/richmenu/{richMenuId}',
  '/v2/bot/user/{userId}/richmenu',
  '/v2/bot/user/{userId}/richmenu/{richMenuId}',
  '/v2/bot/richmenu/bulk/link',
  '/v2/bot/richmenu/bulk/unlink',
  '/v2/bot/richmenu/alias',
  '/v2/bot/richmenu/alias/{richMenuAliasId}',
  '/v2/bot/richmenu/alias/list',
];

describe.skipIf(!openApiAvailable)(
  `conformance with LINE's OpenAPI spec (${openApiSkipReason} when absent)`,
  () => {
    it('serves only paths that exist in messaging-api.yml', () => {
      const spec = parse(readFileSync(join(openApiDir, 'messaging-api.yml'), 'utf8')) as { paths: object };
      const known = Object.keys(spec.paths);
      expect(EMULATED_PATHS.filter((path) => !known.includes(path))).toEqual([]);
    });

    it('answers bodies that match the spec’s response schemas', async () => {
      const token = emu.issueReplyToken('Ubob');
      const reply = await call('POST', '/v2/bot/message/reply', { replyToken: token, messages: [text('x')] });
      expect(validateOpenApi('ReplyMessageResponse', reply.json)).toEqual([]);
      const push = await call('POST', '/v2/bot/message/push', { to: 'Ubob', messages: [text('x')] });
      expect(validateOpenApi('PushMessageResponse', push.json)).toEqual([]);
      expect(
        validateOpenApi('UserProfileResponse', (await call('GET', '/v2/bot/profile/Ualice')).json),
      ).toEqual([]);
      const invalid = await call('POST', '/v2/bot/message/push', { to: 'Ubob', messages: [] });
      expect(validateOpenApi('ErrorResponse', invalid.json)).toEqual([]);
    });
  },
);
