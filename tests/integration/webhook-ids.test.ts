// Ids in a webhook must have LINE's formats: a body with a malformed one is refused 400 naming the field, stores
// nothing and never reaches LINE's API (a 5,000-character userId once went to the profile endpoint).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness, waitFor } from '../helpers/harness.ts';
import { events, type LineEvent, newGroupId, newRoomId, newUserId } from '../helpers/webhook-events.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

async function stored(eventId: string): Promise<boolean> {
  const rows = await h.query('SELECT 1 FROM webhook_events WHERE event_id = $1', [eventId]);
  return rows.length > 0;
}

function withMessage(event: LineEvent, fields: Record<string, unknown>): LineEvent {
  return { ...event, message: { ...(event.message as object), ...fields } };
}

const userId = () => newUserId();
const cases: [string, () => LineEvent, string][] = [
  ['a 5,000-character userId', () => events.text({ userId: `U${'a'.repeat(4999)}` }, 'hi'), 'source.userId'],
  ['an upper-case userId', () => events.text({ userId: `U${'A'.repeat(32)}` }, 'hi'), 'source.userId'],
  [
    'a groupId of the wrong kind',
    () => events.text({ userId: userId(), groupId: newRoomId() }, 'hi'),
    'source.groupId',
  ],
  [
    'a roomId with a path in it',
    () => events.text({ userId: userId(), roomId: 'R../../x' }, 'hi'),
    'source.roomId',
  ],
  [
    'a group without a groupId',
    () => ({ ...events.text({ userId: userId() }, 'hi'), source: { type: 'group' } }),
    'source.groupId',
  ],
  [
    'a webhookEventId that is no ULID',
    () => events.sticker({ userId: userId(), webhookEventId: 'x'.repeat(64) }),
    'webhookEventId',
  ],
  [
    'a 300-character replyToken',
    () => events.sticker({ userId: userId(), replyToken: 'r'.repeat(300) }),
    'replyToken',
  ],
  [
    'a message id with a path in it',
    () => withMessage(events.image({ userId: userId() }, '1'), { id: '../../richmenu' }),
    'message.id',
  ],
  [
    'a message id that is not digits',
    () => withMessage(events.text({ userId: userId() }, 'hi'), { id: 'abc' }),
    'message.id',
  ],
  [
    'a quotedMessageId that is not digits',
    () => withMessage(events.text({ userId: userId() }, 'hi'), { quotedMessageId: 'q' }),
    'message.quotedMessageId',
  ],
  [
    'a mentioned userId that is not LINE’s',
    () =>
      withMessage(events.text({ userId: userId(), groupId: newGroupId() }, 'hi'), {
        mention: { mentionees: [{ index: 0, length: 3, type: 'user', userId: 'Ubob' }] },
      }),
    'message.mention.mentionees.0.userId',
  ],
  [
    'an unsent message id that is not digits',
    () => events.custom({ userId: userId() }, 'unsend', { unsend: { messageId: 'x' } }),
    'unsend.messageId',
  ],
  [
    'a joined member whose userId is not LINE’s',
    () =>
      events.custom({ groupId: newGroupId() }, 'memberJoined', {
        joined: { members: [{ type: 'user', userId: 'U1' }] },
      }),
    'joined.members.0.userId',
  ],
];

describe('ids at intake', () => {
  it.each(cases)('refuses %s with 400 naming the field, storing nothing', async (_what, build, field) => {
    const bad = build();
    const good = events.sticker({ userId: h.newUser('Innocent') });
    const res = await h.send(good, bad);
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as { error: string };
    expect(error).toContain(`events.1.${field}:`);
    expect(error.length).toBeLessThan(200);
    expect(await stored(good.webhookEventId)).toBe(false);
    expect(await stored(bad.webhookEventId)).toBe(false);
  });

  it('never called LINE for any of them', () => {
    expect(h.emulator.requests.filter((r) => r.path.startsWith('/v2/bot/profile/'))).toEqual([]);
  });

  it('accepts the ids LINE sends in 1:1, group and room chats', async () => {
    const sent = [
      events.text({ userId: h.newUser('One'), replyToken: 'nHuyWiB7yP5Zw52FIkcQobQuGDXCTA' }, 'hi'),
      events.text({ userId: newUserId(), groupId: newGroupId(), mode: 'standby' }, 'hi'),
      events.text({ roomId: newRoomId(), mode: 'standby' }, 'hi'),
      events.custom({ userId: newUserId() }, 'unsend', { unsend: { messageId: '325708' } }),
    ];
    expect((await h.send(...sent)).status).toBe(200);
    for (const event of sent) await waitFor(() => stored(event.webhookEventId), 'the event stored');
  });
});
