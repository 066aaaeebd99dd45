// Local mode end to end over real HTTP: with no LINE channel configured the server runs against its built-in
// LINE emulator, and the simulator API drives the real bot — every event through the signed /webhook.
import { describe, expect, it } from 'vitest';
import { containsPoint, type GeoPolygon } from '../../src/geo/boundary.ts';
import type { Place } from '../../src/local/places.ts';
import type { SimUser } from '../../src/local/sim-users.ts';
import type { TranscriptItem } from '../../src/local/transcript.ts';
import { solidPng } from '../helpers/emulator-http.ts';
import { validateOpenApi, webhookOpenApiAvailable } from '../helpers/line-openapi.ts';
import { useLocalServer } from '../helpers/local-server.ts';
import { events, newUserId, postWebhook } from '../helpers/webhook-events.ts';

interface StoredEvent extends Record<string, unknown> {
  event_id: string;
  event_type: string;
  status: string;
  payload: Record<string, unknown> & {
    replyToken?: string;
    message?: Record<string, unknown>;
    postback?: { data: string; params?: Record<string, string> };
    follow?: { isUnblocked: boolean };
  };
}

const sim = useLocalServer();
const { api, newUser, send, transcript, botItemsAfter } = sim;

async function storedEvent(eventId: string): Promise<StoredEvent> {
  const rows = await sim.server.query<StoredEvent>('SELECT * FROM webhook_events WHERE event_id = $1', [
    eventId,
  ]);
  expect(rows).toHaveLength(1);
  return rows[0] as StoredEvent;
}

function botText(item: TranscriptItem | undefined): string {
  const message = item?.from === 'bot' ? (item.message as { type: string; text?: string }) : undefined;
  return message?.type === 'text' ? (message.text ?? '') : '';
}

describe('local mode: the simulator API', () => {
  it('is on with no channel configured, and describes the city for the page', async () => {
    expect(sim.server.local.emulator.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const state = await api<{ users: SimUser[]; places: Place[]; boundary: GeoPolygon; credits: string[] }>(
      'GET',
      '/state',
    );
    expect(state.status).toBe(200);
    expect(state.json.boundary.type).toBe('Polygon');
    expect(state.json.places.length).toBeGreaterThanOrEqual(8);
    expect(state.json.places.map((p) => p.name)).toContain('春日市役所');
    for (const place of state.json.places) {
      expect(containsPoint(state.json.boundary, place.latitude, place.longitude), place.name).toBe(true);
    }
    // Tenjin (Fukuoka's centre) is outside 春日市.
    expect(containsPoint(state.json.boundary, 33.5902, 130.4017)).toBe(false);
    expect(state.json.credits.join('\n')).toMatch(/国土数値情報（行政区域データ）/);
    expect(state.json.credits.join('\n')).toMatch(/国土地理院 指定緊急避難場所・指定避難所データ/);
  });

  it('serves the simulator page', async () => {
    const page = await sim.server.api<string>('GET', '/simulator');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.json).toMatch(/<html/i);
    // Only files inside the page's folder are served.
    const outside = await sim.server.api('GET', '/simulator/assets/..%2F..%2F..%2F..%2Fpackage.json');
    expect(outside.status).toBe(404);
  });

  it('greets a new follower in their language with a Flex message, through a stored, signed webhook', async () => {
    const user = await newUser('Sora', 'en');
    expect(user).toMatchObject({ displayName: 'Sora', language: 'en', followed: false });
    expect(user.userId).toMatch(/^U[0-9a-f]{32}$/);
    const eventId = await send(user.userId, { type: 'follow' });

    const [greeting] = await botItemsAfter(user.userId, 1);
    const items = await transcript(user.userId);
    expect(items[0]).toMatchObject({ from: 'user', message: { type: 'follow' } });
    expect(greeting).toMatchObject({ from: 'bot', via: 'reply', message: { type: 'flex' } });
    expect((greeting?.message as { altText?: string } | undefined)?.altText).toMatch(/^Hello Sora/);

    const row = await storedEvent(eventId);
    expect(row.event_type).toBe('follow');
    expect(row.payload).toMatchObject({
      type: 'follow',
      mode: 'active',
      source: { type: 'user', userId: user.userId },
      deliveryContext: { isRedelivery: false },
      follow: { isUnblocked: false },
    });
    expect(row.payload.replyToken).toMatch(/^[0-9a-f]{32}$/);
    expect(eventId).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    const users = (await api<{ users: SimUser[] }>('GET', '/state')).json.users;
    expect(users.find((u) => u.userId === user.userId)?.followed).toBe(true);
  });

  it('sends text, sticker, image, location and postback events as LINE does, and the bot answers each', async () => {
    const user = await newUser('Hana', 'ja');
    await send(user.userId, { type: 'follow' });
    await botItemsAfter(user.userId, 1);

    const count = async () => (await transcript(user.userId)).length;
    let before = await count();
    const textId = await send(user.userId, { type: 'text', text: 'こんにちは' });
    // A greeting is no question the FAQ knows: an honest answer that points to お問い合わせ.
    expect(botText((await botItemsAfter(user.userId, before))[0])).toMatch(/お問い合わせ/);
    const text = await storedEvent(textId);
    expect(text.payload.message).toMatchObject({ type: 'text', text: 'こんにちは' });
    expect(text.payload.message?.id).toMatch(/^\d{18}$/);
    expect(typeof text.payload.message?.quoteToken).toBe('string');

    before = await count();
    const stickerId = await send(user.userId, { type: 'sticker', packageId: '446', stickerId: '1988' });
    await botItemsAfter(user.userId, before);
    expect((await storedEvent(stickerId)).payload.message).toMatchObject({
      type: 'sticker',
      packageId: '446',
      stickerId: '1988',
      stickerResourceType: 'STATIC',
    });

    before = await count();
    const png = solidPng(4, 3);
    const imageId = await send(user.userId, {
      type: 'image',
      contentType: 'image/png',
      dataBase64: png.toString('base64'),
    });
    await botItemsAfter(user.userId, before);
    const image = await storedEvent(imageId);
    expect(image.payload.message).toMatchObject({ type: 'image', contentProvider: { type: 'line' } });
    const shown = (await transcript(user.userId))[before];
    expect(shown).toMatchObject({ from: 'user', message: { type: 'image' } });
    const url = (shown?.message as { url?: string } | undefined)?.url;
    expect(url).toBe(`/simulator/api/content/${String(image.payload.message?.id)}`);
    const content = await fetch(`${sim.server.url}${url}`);
    expect(content.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await content.arrayBuffer()).equals(png)).toBe(true);

    before = await count();
    const locationId = await send(user.userId, {
      type: 'location',
      latitude: 33.5282,
      longitude: 130.4703,
      title: '春日市役所',
      address: '福岡県春日市原町3-1-5',
    });
    await botItemsAfter(user.userId, before);
    expect((await storedEvent(locationId)).payload.message).toMatchObject({
      type: 'location',
      latitude: 33.5282,
      longitude: 130.4703,
      title: '春日市役所',
    });

    before = await count();
    const postbackId = await send(user.userId, {
      type: 'postback',
      data: 'action=menu&item=help',
      displayText: '使い方',
    });
    expect(botText((await botItemsAfter(user.userId, before))[0])).toMatch(/使い方/);
    expect((await storedEvent(postbackId)).payload.postback).toEqual({ data: 'action=menu&item=help' });
    expect((await transcript(user.userId))[before]).toMatchObject({
      from: 'user',
      message: { type: 'postback', displayText: '使い方' },
    });

    const datetimeId = await send(user.userId, {
      type: 'postback',
      data: 'action=tab&tab=main',
      params: { datetime: '2026-02-16T10:00' },
    });
    expect((await storedEvent(datetimeId)).payload.postback).toEqual({
      data: 'action=tab&tab=main',
      params: { datetime: '2026-02-16T10:00' },
    });

    const rows = await sim.server.query<{ event_type: string }>(
      'SELECT event_type FROM webhook_events WHERE user_id = $1 ORDER BY occurred_at, received_at',
      [user.userId],
    );
    expect(rows.map((r) => r.event_type)).toEqual([
      'follow',
      'message',
      'message',
      'message',
      'message',
      'postback',
      'postback',
    ]);
  });

  it('keeps the signature check: a webhook signed with another secret is still refused', async () => {
    const count = async () =>
      (await sim.server.query<{ n: number }>('SELECT count(*)::int AS n FROM webhook_events'))[0]?.n;
    const before = await count();
    const res = await postWebhook(sim.server.url, [events.text({ userId: newUserId() }, 'forged')]);
    expect(res.status).toBe(401);
    expect(await count()).toBe(before);
  });

  it('unfollow blocks the account until the user follows again (an unblock)', async () => {
    const user = await newUser('Ken', 'ja');
    await send(user.userId, { type: 'follow' });
    await botItemsAfter(user.userId, 1);
    const unfollowId = await send(user.userId, { type: 'unfollow' });
    expect((await storedEvent(unfollowId)).payload.replyToken).toBeUndefined();
    const refused = await api('POST', `/users/${user.userId}/events`, { type: 'text', text: 'hi' });
    expect(refused.status).toBe(409);
    const before = (await transcript(user.userId)).length;
    const followId = await send(user.userId, { type: 'follow' });
    expect((await storedEvent(followId)).payload.follow).toEqual({ isUnblocked: true });
    await botItemsAfter(user.userId, before);
  });

  it('answers 400 naming the field for invalid bodies, and 404 for unknown users', async () => {
    const user = await newUser('Yui', 'ja');
    const cases: [string, string, unknown, RegExp][] = [
      ['POST', '/users', { displayName: '', language: 'en' }, /^displayName: /],
      ['POST', '/users', { displayName: 'Ann', language: 'fr' }, /^language: /],
      ['POST', `/users/${user.userId}/events`, { type: 'text' }, /^text: /],
      ['POST', `/users/${user.userId}/events`, { type: 'dance' }, /^type: /],
      [
        'POST',
        `/users/${user.userId}/events`,
        { type: 'location', latitude: 95, longitude: 130 },
        /^latitude: /,
      ],
      [
        'POST',
        `/users/${user.userId}/events`,
        { type: 'image', contentType: 'image/jpeg', dataBase64: solidPng(2, 2).toString('base64') },
        /^dataBase64: /,
      ],
      ['POST', `/users/${user.userId}/events`, { type: 'postback', data: 'x'.repeat(301) }, /^data: /],
      ['POST', `/users/${user.userId}/language`, { language: 'de' }, /^language: /],
      ['POST', `/users/${user.userId}/push`, { text: '' }, /^text: /],
      [
        'POST',
        `/users/${user.userId}/richmenu/switch`,
        { richMenuAliasId: 'Bad Alias', data: 'x' },
        /^richMenuAliasId: /,
      ],
    ];
    for (const [method, path, body, error] of cases) {
      const answer = await api(method, path, body);
      expect(answer.status, `${path} ${JSON.stringify(body).slice(0, 80)}`).toBe(400);
      expect(answer.json.error).toMatch(error);
    }
    const unknown = newUserId();
    expect((await api('GET', `/users/${unknown}/transcript`)).status).toBe(404);
    expect((await api('POST', `/users/${unknown}/events`, { type: 'follow' })).status).toBe(404);
    expect((await api('GET', '/users/not-a-user/richmenu')).status).toBe(404);
  });

  it.skipIf(!webhookOpenApiAvailable)('stores events that match LINE’s webhook schema', async () => {
    const rows = await sim.server.query<StoredEvent>('SELECT * FROM webhook_events');
    expect(rows.length).toBeGreaterThan(10);
    for (const row of rows) {
      const body = { destination: sim.server.local.destination, events: [row.payload] };
      expect(validateOpenApi('CallbackRequest', body, 'webhook'), JSON.stringify(row.payload)).toEqual([]);
    }
  });

  it('never sent LINE anything it would reject', () => {
    expect(sim.server.local.emulator.rejected).toEqual([]);
    expect(sim.server.local.emulator.deliveries.length).toBeGreaterThan(5);
  });
});
