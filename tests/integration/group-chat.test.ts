// Group and room chats through signed webhooks: members are not stored as followers, the bot says one hello on
// join, answers a mention or a button with one short note about the 1:1 chat, and is silent otherwise.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveState } from '../../src/conversation/state-repository.ts';
import { t } from '../../src/i18n/index.ts';
import { type Harness, startHarness, waitFor } from '../helpers/harness.ts';
import { events, type LineEvent, newGroupId, newRoomId } from '../helpers/webhook-events.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

/** A text in a group that mentions the bot (LINE marks the bot's own mention with isSelf). */
function mentioning(event: LineEvent): LineEvent {
  const message = event.message as Record<string, unknown>;
  return {
    ...event,
    message: { ...message, mention: { mentionees: [{ index: 0, length: 5, type: 'user', isSelf: true }] } },
  };
}

/** Sends the events and waits until they are handled, and a little more: an answer is sent after the commit. */
async function handled(...sent: LineEvent[]): Promise<void> {
  const res = await h.send(...sent);
  expect(res.status).toBe(200);
  for (const event of sent) {
    await waitFor(async () => {
      const rows = await h.query<{ status: string }>(
        'SELECT status FROM webhook_events WHERE event_id = $1',
        [event.webhookEventId],
      );
      return rows[0]?.status === 'done';
    }, `event ${event.type} handled`);
  }
  await new Promise((resolve) => setTimeout(resolve, 300));
}

/** The texts sent to a chat, once at least `count` messages have arrived. */
async function sentTo(chatId: string, count = 0): Promise<string[]> {
  const texts = () =>
    h.emulator.deliveries
      .filter((d) => d.userId === chatId)
      .flatMap((d) => d.messages.map((m) => (m as { text?: string }).text ?? JSON.stringify(m)));
  await waitFor(() => texts().length >= count, `${count} messages to ${chatId}`);
  return texts();
}

async function userRow(userId: string) {
  return (await h.query('SELECT followed, display_name FROM line_users WHERE user_id = $1', [userId]))[0];
}

describe('a group or room chat', () => {
  it('says one short hello when the account joins a group, and nothing when it leaves', async () => {
    const groupId = newGroupId();
    await handled(events.join({ groupId, replyToken: h.emulator.issueReplyToken(groupId) }));
    expect(await sentTo(groupId, 1)).toEqual([t('ja', 'groupChat:joined')]);
    await handled(events.leave({ groupId }));
    expect(await sentTo(groupId)).toHaveLength(1);
  });

  it('stays silent at a non-friend’s message and stores nothing about them', async () => {
    const groupId = newGroupId();
    const member = h.newUser('グループの人');
    await handled(
      events.text({ userId: member, groupId, replyToken: h.emulator.issueReplyToken(groupId) }, 'こんにちは'),
      events.sticker({ userId: member, groupId, replyToken: h.emulator.issueReplyToken(groupId) }),
      events.custom({ groupId, replyToken: h.emulator.issueReplyToken(groupId) }, 'memberJoined', {
        joined: { members: [{ type: 'user', userId: member }] },
      }),
    );
    expect(await sentTo(groupId)).toEqual([]);
    expect(await userRow(member)).toBeUndefined();
    expect(h.emulator.requests.filter((r) => r.path === `/v2/bot/profile/${member}`)).toEqual([]);
  });

  it('answers a mention of the bot, in a group and in a room, with the note about the 1:1 chat', async () => {
    const groupId = newGroupId();
    const roomId = newRoomId();
    const member = h.newUser('メンションする人');
    await handled(
      mentioning(
        events.text(
          { userId: member, groupId, replyToken: h.emulator.issueReplyToken(groupId) },
          '@春日市 予約したい',
        ),
      ),
      mentioning(
        events.text({ roomId, replyToken: h.emulator.issueReplyToken(roomId) }, '@春日市 ごみの日は？'),
      ),
    );
    const note = t('ja', 'groupChat:oneToOneOnly');
    expect(await sentTo(groupId, 1)).toEqual([note]);
    expect(await sentTo(roomId, 1)).toEqual([note]);
    expect(note).not.toContain('メニュー');
    expect(await userRow(member)).toBeUndefined();
  });

  it('answers a button tapped in a group with the note, never with a feature', async () => {
    const groupId = newGroupId();
    const member = h.newUser('ボタンの人');
    await handled(
      events.postback(
        { userId: member, groupId, replyToken: h.emulator.issueReplyToken(groupId) },
        'action=menu&item=reservations',
      ),
    );
    expect(await sentTo(groupId, 1)).toEqual([t('ja', 'groupChat:oneToOneOnly')]);
    expect(await userRow(member)).toBeUndefined();
  });

  it('keeps a follower’s 1:1 conversation and answers them in their language in a group', async () => {
    const groupId = newGroupId();
    const follower = h.newUser('Follower', 'en');
    await handled(events.follow({ userId: follower, replyToken: h.emulator.issueReplyToken(follower) }));
    await saveState(h.app.pg.pool, {
      userId: follower,
      flow: 'reservations',
      step: 'x',
      data: {},
      ttlSeconds: 600,
    });
    await handled(
      events.text(
        { userId: follower, groupId, replyToken: h.emulator.issueReplyToken(groupId) },
        'キャンセル',
      ),
      mentioning(
        events.text(
          { userId: follower, groupId, replyToken: h.emulator.issueReplyToken(groupId) },
          '@city hi',
        ),
      ),
    );
    expect(await sentTo(groupId, 1)).toEqual([t('en', 'groupChat:oneToOneOnly')]);
    expect(await h.query('SELECT flow FROM conversation_states WHERE user_id = $1', [follower])).toEqual([
      { flow: 'reservations' },
    ]);
    expect(await userRow(follower)).toMatchObject({ followed: true });
  });

  it('stores a group message without its content', async () => {
    const groupId = newGroupId();
    const event = events.text({ userId: h.newUser('秘密'), groupId, mode: 'standby' }, '家族の話');
    await handled(event);
    const [row] = await h.query<{ payload: { message: Record<string, unknown> } }>(
      'SELECT payload FROM webhook_events WHERE event_id = $1',
      [event.webhookEventId],
    );
    expect(row?.payload.message).toEqual({ id: (event.message as { id: string }).id, type: 'text' });
  });

  it('does not push a late note into a group (a redelivered mention)', async () => {
    const groupId = newGroupId();
    const event = mentioning(
      events.text({ userId: h.newUser('遅い人'), groupId, isRedelivery: true }, '@春日市'),
    );
    await handled(event);
    expect(await sentTo(groupId)).toEqual([]);
  });

  it('never sends anything LINE would reject', () => {
    expect(h.emulator.rejected).toEqual([]);
  });
});
