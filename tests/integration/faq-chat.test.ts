// よくある質問 through signed webhooks: typed questions answered with the card and its buttons (in the resident's
// language, also for a Japanese question from an English speaker), honestly not known, routed to features by
// intent; a flow in progress gets the text first; 解決した/解決しない recorded once; the menus of areas and
// departments; edits saved by another instance take effect at the next question.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadChildcareContent } from '../../src/features/childcare/index.ts';
import { loadFaqContent } from '../../src/features/faq/index.ts';
import { t } from '../../src/i18n/index.ts';
import { chatWith } from '../helpers/chat.ts';
import { bubblesOf, postbacksOf, textOf } from '../helpers/flex-actions.ts';
import { type Harness, startHarness } from '../helpers/harness.ts';

const content = loadFaqContent();
const childcare = loadChildcareContent();

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
}, 180_000);
afterAll(async () => {
  await h?.close();
});

const { tap, say } = chatWith(() => h);

interface QuickItem {
  action: { type: string; label: string; data?: string; uri?: string };
}
const quick = (message: unknown) =>
  ((message as { quickReply?: { items: QuickItem[] } }).quickReply?.items ?? []).map((i) => i.action);
const entry = (id: string) => {
  const found = content.entries.find((e) => e.id === id);
  if (!found) throw new Error(id);
  return found;
};

describe('typed questions', () => {
  it('answers a confident match with the card, the next questions and the feedback buttons', async () => {
    const userId = h.newUser('Aya', 'ja');
    const [card, ...rest] = await say(userId, '粗大ごみを捨てたいです');
    expect(rest).toEqual([]);
    const bulky = entry('gomi-bulky');
    expect(textOf(card)).toContain(bulky.texts.ja.answer);
    expect(JSON.stringify(card)).toContain('"uri":"tel:0925841111"');
    expect(JSON.stringify(card)).toContain(`"uri":"${bulky.url}"`);
    const labels = quick(card).map((a) => a.label);
    expect(labels).toEqual(
      expect.arrayContaining([t('ja', 'faq:answer.solved'), t('ja', 'faq:answer.unsolved')]),
    );
    expect(quick(card).filter((a) => a.data?.includes('do=entry'))).toHaveLength(2);
    const rows = await h.query('SELECT * FROM faq_questions ORDER BY asked_at DESC LIMIT 1');
    expect(rows[0]).toMatchObject({ outcome: 'answered', entry_id: 'gomi-bulky', language: 'ja' });
    // Never who asked: no column holds the LINE user id.
    expect(JSON.stringify(rows[0])).not.toContain(userId);
    expect(h.emulator.rejected).toEqual([]);
  });

  it('records 解決しない once, says sorry and offers the department', async () => {
    const userId = h.newUser('Bunta', 'ja');
    const [card] = await say(userId, '転出届を出したい');
    const unsolved = quick(card).find((a) => a.label === t('ja', 'faq:answer.unsolved'));
    expect(unsolved?.data).toBeDefined();
    const answer = await tap(userId, unsolved?.data ?? '');
    expect((answer[0] as { text: string }).text).toBe(t('ja', 'faq:feedback.sorry'));
    expect(textOf(answer[1])).toContain('092-584-1111');
    await tap(userId, unsolved?.data ?? '');
    const question = await h.query<{ feedback: string; text: string }>(
      `SELECT feedback, text FROM faq_questions WHERE text = '転出届を出したい'`,
    );
    expect(question).toEqual([{ feedback: 'unsolved', text: '転出届を出したい' }]);
    const feedback = await h.query(
      'SELECT entry_id, helpful FROM faq_feedback WHERE question_id IS NOT NULL',
    );
    expect(feedback).toEqual([{ entry_id: 'move-out', helpful: false }]);
  });

  it('says honestly when it does not know, with the closest questions, お問い合わせ and the main entries', async () => {
    const userId = h.newUser('Chie', 'ja');
    const [answer] = await say(userId, '市長の好きな食べ物はなんですか');
    expect([t('ja', 'faq:unknown.text'), t('ja', 'faq:unknown.none')]).toContain(
      (answer as { text: string }).text,
    );
    const labels = quick(answer).map((a) => a.label);
    expect(labels).toContain(t('ja', 'faq:quick.contact'));
    expect(labels).toContain(t('ja', 'richmenu:items.reservations.label'));
    const rows = await h.query(
      `SELECT outcome FROM faq_questions WHERE text = '市長の好きな食べ物はなんですか'`,
    );
    expect(rows).toEqual([{ outcome: 'unanswered' }]);
  });

  it('answers a Japanese question from an English speaker in English, and easy Japanese in its own wording', async () => {
    const en = h.newUser('Dan', 'en');
    const [card] = await say(en, '住民票がほしいです');
    expect(textOf(card)).toContain(entry('juminhyo-copy').texts.en?.answer);
    const easy = h.newUser('Emi', 'ja');
    await tap(easy, 'action=set-language&lang=ja-easy');
    const [easyCard] = await say(easy, 'ごみの わけかたを おしえて');
    expect(textOf(easyCard)).toContain(entry('gomi-sorting').texts['ja-easy']?.answer);
  });
});

describe('routing by intent', () => {
  it('opens 申告予約 for 予約したい', async () => {
    const userId = h.newUser('Fumi', 'ja');
    const answer = await say(userId, '予約したい');
    expect(answer.length).toBeGreaterThan(0);
    const rows = await h.query(`SELECT outcome, intent_id FROM faq_questions WHERE text = '予約したい'`);
    expect(rows).toEqual([{ outcome: 'routed', intent_id: 'reservations' }]);
  });

  it('offers 損傷報告 with the street-light category chosen, and the report starts there', async () => {
    const userId = h.newUser('Gen', 'ja');
    const [offer] = await say(userId, '街灯が消えてる');
    const button = quick(offer)[0];
    expect(button?.data).toContain('feature=reports');
    expect(button?.data).toContain('c=streetlight');
    await tap(userId, button?.data ?? '');
    const state = await h.query<{ step: string; data: { category?: string } }>(
      'SELECT step, data FROM conversation_states WHERE user_id = $1',
      [userId],
    );
    expect(state[0]?.step).toBe('photos');
    expect(state[0]?.data.category).toBe('streetlight');
  });

  it('opens the 子育て topic for 子どもの健診', async () => {
    const userId = h.newUser('Hana', 'ja');
    const [topic] = await say(userId, '子どもの健診');
    const checkups = childcare.ja.topics.find((tp) => tp.id === 'checkups');
    expect(textOf(topic)).toContain(checkups?.items[0]?.title);
  });

  it('leaves text typed inside a flow to the flow', async () => {
    const userId = h.newUser('Iori', 'ja');
    await tap(userId, 'action=menu&item=reports');
    await say(userId, '粗大ごみの出し方');
    expect(await h.query(`SELECT 1 FROM faq_questions WHERE text = '粗大ごみの出し方'`)).toEqual([]);
  });
});

describe('menus', () => {
  it('よくある質問 lists the 15 areas, an area its questions, a question its answer', async () => {
    const userId = h.newUser('Jo', 'en');
    const [areas] = await tap(userId, 'action=menu&item=faq');
    const buttons = postbacksOf(bubblesOf(areas));
    expect(buttons).toHaveLength(15);
    expect(buttons[0]?.label).toBe(content.areas[0]?.title.en);
    const [questions] = await tap(userId, buttons[9]?.data ?? '');
    const gomi = content.entries.filter((e) => e.area === content.areas[9]?.id);
    expect(postbacksOf(bubblesOf(questions))).toHaveLength(gomi.length);
    const [card] = await tap(userId, postbacksOf(bubblesOf(questions))[0]?.data ?? '');
    expect(textOf(card)).toContain(gomi[0]?.texts.en?.answer);
    expect(h.emulator.rejected).toEqual([]);
  });

  it('お問い合わせ lists the departments and shows one with its phone', async () => {
    const userId = h.newUser('Kai', 'ja');
    const [list] = await tap(userId, 'action=menu&item=contact');
    const buttons = postbacksOf(bubblesOf(list));
    expect(buttons).toHaveLength(content.departments.length);
    const [card] = await tap(userId, buttons[0]?.data ?? '');
    expect(textOf(card)).toContain(content.departments[0]?.name.ja);
    expect(JSON.stringify(card)).toContain('tel:0925841111');
  });

  it('answers forged or stale buttons politely', async () => {
    const userId = h.newUser('Rin', 'ja');
    for (const data of [
      'action=feature&feature=faq&do=entry&id=nope',
      'action=feature&feature=faq&do=fb&e=nope&v=1',
      'action=feature&feature=faq&do=area&a=nope',
      'action=feature&feature=faq&do=what',
    ]) {
      const answer = await tap(userId, data);
      expect(answer).toHaveLength(1);
    }
    expect(await h.query('SELECT 1 FROM faq_feedback WHERE entry_id = $1', ['nope'])).toEqual([]);
  });
});

describe('edits from another instance', () => {
  it('take effect at the next question, without a restart', async () => {
    const userId = h.newUser('Mei', 'ja');
    const question = 'ドローンを公園で飛ばしてもいいですか';
    const [before] = await say(userId, question);
    expect((before as { type: string }).type).toBe('text');
    const park = entry('park-use');
    const edited = {
      ...park,
      texts: { ...park.texts, ja: { ...park.texts.ja, phrasings: [...park.texts.ja.phrasings, question] } },
    };
    // As another instance's staff route would: a new version row.
    await h.query(
      `INSERT INTO faq_entry_versions (entry_id, version, entry, source) VALUES ('park-use', 1, $1, 'staff')`,
      [JSON.stringify(edited)],
    );
    const [after] = await say(userId, question);
    expect(textOf(after)).toContain(park.texts.ja.answer);
  });
});
