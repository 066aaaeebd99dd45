// The envelope accepts what LINE sends — the events local mode builds and the test helpers build, in 1:1, group
// and room chats — and its id formats agree with LINE's OpenAPI spec.
import { describe, expect, it } from 'vitest';
import { parseWebhookBody } from '../../src/line/webhook/parse.ts';
import { buildSwitchPostback, buildWebhookEvent, newBotUserId } from '../../src/local/event-builder.ts';
import type { SimEvent } from '../../src/local/schemas.ts';
import { validateOpenApi, webhookOpenApiAvailable } from '../helpers/line-openapi.ts';
import { DESTINATION, events, newGroupId, newRoomId, newUserId } from '../helpers/webhook-events.ts';

function parse(list: Record<string, unknown>[], destination = DESTINATION) {
  return parseWebhookBody(Buffer.from(JSON.stringify({ destination, events: list })));
}

const simEvents: SimEvent[] = [
  { type: 'follow' },
  { type: 'unfollow' },
  { type: 'text', text: 'こんにちは' },
  { type: 'sticker', packageId: '446', stickerId: '1988' },
  { type: 'image', contentType: 'image/png', dataBase64: 'AAAA' },
  { type: 'location', latitude: 33.5, longitude: 130.4, title: '市役所' },
  { type: 'postback', data: 'action=menu&item=help', params: { date: '2026-01-01' } },
];

describe('the webhook envelope', () => {
  it.each(simEvents)('accepts the $type event local mode builds', (input) => {
    const event = buildWebhookEvent(input, { userId: newUserId(), replyToken: 'a'.repeat(32) });
    expect(parse([event], newBotUserId())).toMatchObject({ ok: true });
  });

  it('accepts the rich menu tab switch local mode builds', () => {
    const event = buildSwitchPostback({ userId: newUserId(), replyToken: 'b'.repeat(32) }, 'action=tab', {
      newRichMenuAliasId: 'kurashi',
      status: 'SUCCESS',
    });
    expect(parse([event])).toMatchObject({ ok: true });
  });

  it('accepts the test helpers’ events in 1:1, group and room chats', () => {
    const userId = newUserId();
    const list = [
      events.text({ userId }, 'hi'),
      events.sticker({ userId }),
      events.image({ userId }, '123456789012345678'),
      events.postback({ userId }, 'action=menu&item=help'),
      events.text({ userId, groupId: newGroupId() }, 'hi'),
      events.text({ roomId: newRoomId() }, 'hi'),
      events.join({ groupId: newGroupId() }),
      events.leave({ roomId: newRoomId() }),
    ];
    expect(parse(list)).toMatchObject({ ok: true });
  });

  it.skipIf(!webhookOpenApiAvailable)('uses the user id format of LINE’s OpenAPI spec', () => {
    const userId = newUserId();
    expect(validateOpenApi('CallbackRequest', { destination: userId, events: [] }, 'webhook')).toEqual([]);
    expect(parse([events.sticker({ userId })])).toMatchObject({ ok: true });
    const bad = `U${'A'.repeat(32)}`;
    expect(validateOpenApi('CallbackRequest', { destination: bad, events: [] }, 'webhook')).not.toEqual([]);
    expect(parse([events.sticker({ userId: bad })])).toMatchObject({ ok: false });
  });

  it('names the field of a bad id and does not echo it', () => {
    const long = `U${'f'.repeat(5000)}`;
    const parsed = parse([events.text({ userId: long }, 'hi')]);
    expect(parsed).toMatchObject({ ok: false, error: expect.stringContaining('events.0.source.userId') });
    expect(parsed.ok ? '' : parsed.error).not.toContain('ffff');
  });
});
