// 子育て情報 through signed webhooks: the rich-menu entry shows the seven topics (and quick replies to register
// children and see them), a topic button shows its items (no conversation state needed), in ja, en and
// ja-easy; an unknown topic is answered, not dropped.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadChildcareContent } from '../../src/features/childcare/index.ts';
import { t } from '../../src/i18n/index.ts';
import type { Language } from '../../src/i18n/languages.ts';
import { chatWith } from '../helpers/chat.ts';
import { bubblesOf, postbacksOf, textOf } from '../helpers/flex-actions.ts';
import { type Harness, startHarness } from '../helpers/harness.ts';

const library = loadChildcareContent();

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const { tap } = chatWith(() => h);

describe.each<Language>(['ja', 'en', 'ja-easy'])('子育て情報 in %s', (lang) => {
  it('shows the seven topics, and each topic its items', async () => {
    const userId = h.newUser('Mika', lang === 'ja-easy' ? 'ja' : lang);
    if (lang === 'ja-easy') await tap(userId, 'action=set-language&lang=ja-easy');

    const menu = await tap(userId, 'action=menu&item=childcare');
    expect(menu).toHaveLength(1);
    const topics = bubblesOf(menu[0]);
    expect(topics).toHaveLength(7);
    expect(textOf(menu[0])).toContain(library[lang].topics[0]?.title);
    expect((menu[0] as { altText: string }).altText).toBe(t(lang, 'childcare:menu.altText'));

    const buttons = postbacksOf(topics);
    expect(buttons).toHaveLength(7);
    const quickReplies = (
      menu[0] as { quickReply?: { items: { action: { label: string; data: string } }[] } }
    ).quickReply?.items;
    expect(quickReplies?.map((item) => item.action.label)).toEqual([
      t(lang, 'childcareChildren:entry.register'),
      t(lang, 'childcareChildren:entry.list'),
    ]);
    expect(quickReplies?.map((item) => new URLSearchParams(item.action.data).get('do'))).toEqual([
      'add',
      'list',
    ]);
    for (const [i, topic] of library[lang].topics.entries()) {
      const answer = await tap(userId, buttons[i]?.data ?? '');
      expect(answer).toHaveLength(1);
      const bubbles = bubblesOf(answer[0]);
      expect(bubbles).toHaveLength(topic.items.length);
      expect(textOf(answer[0])).toContain(topic.items[0]?.title);
      expect(textOf(answer[0])).toContain(topic.items[0]?.hours);
      expect(JSON.stringify(answer[0])).toContain('"uri":"tel:0925841111"');
    }
    expect(h.emulator.rejected).toEqual([]);
  });
});

describe('子育て情報 edge cases', () => {
  it('answers an unknown topic with a message in the user language', async () => {
    const userId = h.newUser('Ken', 'en');
    const answer = await tap(userId, 'action=feature&feature=childcare&topic=nope');
    expect(answer).toEqual([{ type: 'text', text: t('en', 'childcare:topic.unknown') }]);
  });

  it('answers an unknown feature with the fallback', async () => {
    const userId = h.newUser('Ren', 'ja');
    const answer = await tap(userId, 'action=feature&feature=nothing-here');
    expect(answer).toEqual([{ type: 'text', text: t('ja', 'fallback.text') }]);
    expect(h.emulator.rejected).toEqual([]);
  });
});
