// Event routing through signed webhooks: greeting in the profile's language, unfollow, the menu entries,
// language switching, cancel, lapsed and unknown flows, a registered multi-step flow, and buttons of lapsed,
// finished and older conversations.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveState } from '../../src/conversation/state-repository.ts';
import { MENU_ITEMS } from '../../src/events/postback-data.ts';
import { t } from '../../src/i18n/index.ts';
import { type Harness, startHarness, waitFor } from '../helpers/harness.ts';
import { events } from '../helpers/webhook-events.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  h.app.services.flows.register({
    name: 'echo-test',
    ttlSeconds: 60,
    async onMessage(ctx, state, message) {
      const count = Number(state.data.count ?? 0) + 1;
      const userId = ctx.userId as string;
      ctx.write(async (tx) =>
        saveState(tx, { userId, flow: 'echo-test', step: 'next', data: { count }, ttlSeconds: 60 }),
      );
      ctx.send({ type: 'text', text: `${message.type} #${count}` });
    },
  });
  h.app.services.flows.register({
    name: 'button-test',
    ttlSeconds: 60,
    async onMessage() {},
    async onPostback(ctx, _state, fields) {
      ctx.send({ type: 'text', text: `acted on ${fields.k}` });
    },
  });
}, 180_000);
afterAll(async () => {
  await h?.close();
});

function texts(userId: string): string[] {
  return h.emulator.messagesFor(userId).map((m) => {
    const message = m as { type: string; text?: string; altText?: string };
    return message.text ?? message.altText ?? message.type;
  });
}

async function say(userId: string, text: string, expectedCount: number): Promise<string> {
  await h.send(events.text({ userId, replyToken: h.emulator.issueReplyToken(userId) }, text));
  await waitFor(() => texts(userId).length >= expectedCount, `reply #${expectedCount} to "${text}"`);
  return texts(userId)[expectedCount - 1] as string;
}

describe('follow and unfollow', () => {
  it('greets a user whose profile says en in English, and stores them', async () => {
    const userId = h.newUser('Alice', 'en');
    await h.send(events.follow({ userId, replyToken: h.emulator.issueReplyToken(userId) }));
    await waitFor(() => texts(userId).length === 1, 'the greeting');
    const [greeting] = h.emulator.messagesFor(userId) as { type: string; altText: string }[];
    expect(greeting?.type).toBe('flex');
    expect(greeting?.altText).toBe(t('en', 'greeting', { name: 'Alice' }));
    const rows = await h.query('SELECT language, followed FROM line_users WHERE user_id = $1', [userId]);
    expect(rows).toEqual([{ language: 'en', followed: true }]);
  });

  it('greets in Japanese when the profile has no language', async () => {
    const userId = h.newUser('花子');
    await h.send(events.follow({ userId, replyToken: h.emulator.issueReplyToken(userId) }));
    await waitFor(() => texts(userId).length === 1, 'the greeting');
    expect(texts(userId)[0]).toBe(t('ja', 'greeting', { name: '花子' }));
  });

  it('marks an unfollowing user and never pushes to them again', async () => {
    const userId = h.newUser('Bob', 'en');
    await h.send(events.follow({ userId, replyToken: h.emulator.issueReplyToken(userId) }));
    await waitFor(() => texts(userId).length === 1, 'the greeting');
    await h.send(events.unfollow({ userId }));
    await waitFor(async () => {
      const rows = await h.query<{ followed: boolean }>(
        'SELECT followed FROM line_users WHERE user_id = $1',
        [userId],
      );
      return rows[0]?.followed === false;
    }, 'the user to be marked unfollowed');
    // An old event handled late (no usable reply token) would need a push: it must be skipped.
    const late = events.sticker({ userId, timestamp: Date.now() - 5 * 60_000 });
    await h.send(late);
    await waitFor(async () => {
      const rows = await h.query<{ status: string }>(
        'SELECT status FROM outbound_messages WHERE source_event_id = $1',
        [late.webhookEventId],
      );
      return rows[0]?.status === 'skipped';
    }, 'the push to be skipped');
    expect(texts(userId)).toHaveLength(1);
  });
});

describe('menu and language', () => {
  it('answers "coming soon" in the user language for features not built yet', async () => {
    // Any entry no feature of this app answers yet (the list shrinks as features land).
    const item = MENU_ITEMS.find(
      (i) =>
        !['help', 'language'].includes(i) &&
        !h.app.services.features.menuItem(i) &&
        !h.app.services.features.disabledFeatureOf(i),
    );
    if (!item) return;
    const userId = h.newUser('Carol', 'en');
    await h.send(
      events.postback({ userId, replyToken: h.emulator.issueReplyToken(userId) }, `action=menu&item=${item}`),
    );
    await waitFor(() => texts(userId).length === 1, 'the answer');
    const feature = t('en', `feature.${item}`);
    expect(texts(userId)[0]).toBe(t('en', 'comingSoon', { feature }));
  });

  it('explains how to use the account from the help entry', async () => {
    const userId = h.newUser('Hana', 'ja');
    await h.send(
      events.postback({ userId, replyToken: h.emulator.issueReplyToken(userId) }, 'action=menu&item=help'),
    );
    await waitFor(() => texts(userId).length === 1, 'the help text');
    expect(texts(userId)[0]).toBe(t('ja', 'help.text'));
  });

  it('switches the language from the menu and answers in it from then on', async () => {
    const userId = h.newUser('Dan', 'en');
    await h.send(
      events.postback(
        { userId, replyToken: h.emulator.issueReplyToken(userId) },
        'action=menu&item=language',
      ),
    );
    await waitFor(() => texts(userId).length === 1, 'the language picker');
    expect((h.emulator.messagesFor(userId)[0] as { type: string }).type).toBe('flex');

    await h.send(
      events.postback(
        { userId, replyToken: h.emulator.issueReplyToken(userId) },
        'action=set-language&lang=ja-easy',
      ),
    );
    await waitFor(() => texts(userId).length === 2, 'the confirmation');
    expect(texts(userId)[1]).toBe(
      t('ja-easy', 'language.changed', { language: t('ja-easy', 'language.name.ja-easy') }),
    );
    const rows = await h.query('SELECT language, language_chosen FROM line_users WHERE user_id = $1', [
      userId,
    ]);
    expect(rows).toEqual([{ language: 'ja-easy', language_chosen: true }]);
    // Typed text is answered by よくある質問: here honestly "not found", in the chosen language.
    expect([t('ja-easy', 'faq:unknown.text'), t('ja-easy', 'faq:unknown.none')]).toContain(
      await say(userId, 'こんにちは', 3),
    );
  });

  it('keeps a chosen language when the user follows again', async () => {
    const userId = h.newUser('Eve', 'en');
    await h.send(
      events.postback(
        { userId, replyToken: h.emulator.issueReplyToken(userId) },
        'action=set-language&lang=ja',
      ),
    );
    await waitFor(() => texts(userId).length === 1, 'the confirmation');
    await h.send(events.follow({ userId, replyToken: h.emulator.issueReplyToken(userId) }));
    await waitFor(() => texts(userId).length === 2, 'the greeting');
    expect(texts(userId)[1]).toBe(t('ja', 'greeting', { name: 'Eve' }));
  });

  it('answers a postback it does not understand without failing', async () => {
    const userId = h.newUser('Frank', 'en');
    await h.send(
      events.postback({ userId, replyToken: h.emulator.issueReplyToken(userId) }, 'action=menu&item=nope'),
    );
    await waitFor(() => texts(userId).length === 1, 'the answer');
    expect(texts(userId)[0]).toBe(t('en', 'fallback.text'));
  });

  it('says nothing for a rich-menu tab switch', async () => {
    const userId = h.newUser('Gina', 'en');
    const event = events.postback(
      { userId, replyToken: h.emulator.issueReplyToken(userId) },
      'action=tab&tab=mine',
    );
    await h.send(event);
    await waitFor(async () => {
      const rows = await h.query<{ status: string }>(
        'SELECT status FROM webhook_events WHERE event_id = $1',
        [event.webhookEventId],
      );
      return rows[0]?.status === 'done';
    }, 'the tab postback to be done');
    expect(texts(userId)).toEqual([]);
  });
});

describe('conversation state', () => {
  it('routes messages to the flow the user is in and leaves it on キャンセル', async () => {
    const userId = h.newUser('Hiro');
    await h.app.pg.query(`INSERT INTO line_users (user_id, language) VALUES ($1, 'ja')`, [userId]);
    await saveState(h.app.pg.pool, { userId, flow: 'echo-test', step: 'start', data: {}, ttlSeconds: 60 });
    expect(await say(userId, 'one', 1)).toBe('text #1');
    await h.send(events.sticker({ userId, replyToken: h.emulator.issueReplyToken(userId) }));
    await waitFor(() => texts(userId).length === 2, 'the flow answer to a sticker');
    expect(texts(userId)[1]).toBe('sticker #2');
    expect(await say(userId, ' キャンセル ', 3)).toBe(t('ja', 'flow.cancelled'));
    expect(await h.query('SELECT * FROM conversation_states WHERE user_id = $1', [userId])).toEqual([]);
    expect(await say(userId, 'cancel', 4)).toBe(t('ja', 'flow.nothingToCancel'));
  });

  it('tells the user when their flow lapsed', async () => {
    const userId = h.newUser('Ichiro', 'en');
    await h.app.pg.query(`INSERT INTO line_users (user_id, language) VALUES ($1, 'en')`, [userId]);
    await saveState(h.app.pg.pool, { userId, flow: 'echo-test', step: 'start', data: {}, ttlSeconds: 0 });
    expect(await say(userId, 'hello', 1)).toBe(t('en', 'flow.expired'));
    expect(await say(userId, 'hello', 2)).toBe(t('en', 'faq:unknown.none'));
  });

  it('says a button timed out only for the lapsed conversation it came from; older ones are no longer valid', async () => {
    const userId = h.newUser('Jun', 'en');
    await h.app.pg.query(`INSERT INTO line_users (user_id, language) VALUES ($1, 'en')`, [userId]);
    let count = 0;
    const tap = async (k: string) => {
      await h.send(
        events.postback(
          { userId, replyToken: h.emulator.issueReplyToken(userId) },
          `action=flow&flow=button-test&k=${k}&op=go`,
        ),
      );
      count += 1;
      await waitFor(() => texts(userId).length >= count, `the answer to tap #${count}`);
      return texts(userId)[count - 1];
    };
    const state = (k: string, ttlSeconds: number, flow = 'button-test') =>
      saveState(h.app.pg.pool, { userId, flow, step: 'start', data: { k }, ttlSeconds });

    await state('k2', 60);
    expect(await tap('k2')).toBe('acted on k2');
    await state('k2', 0);
    expect(await tap('k2')).toBe(t('en', 'flow.expired'));
    // A card of an even older conversation did not time out: it is simply no longer valid.
    expect(await tap('k1')).toBe(t('en', 'flow.staleButton'));
    // Another flow runs now, or the conversation finished (no state): no longer valid either.
    await state('k3', 60, 'echo-test');
    expect(await tap('k3')).toBe(t('en', 'flow.staleButton'));
    await h.app.pg.query('DELETE FROM conversation_states WHERE user_id = $1', [userId]);
    expect(await tap('k2')).toBe(t('en', 'flow.staleButton'));
  });

  it('never sent anything LINE would reject', () => {
    expect(h.emulator.rejected).toEqual([]);
  });
});
