// Registering children in the chat through signed webhooks on a simulated clock: consent (refused: nothing
// stored; given: version, time and log), two children with the date picker, the list with ages, edits, deletion,
// another user's child id, withdrawal, a newer consent wording, bad input re-asked, in ja, en and ja-easy.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatBirthDate } from '../../src/features/childcare/children/format.ts';
import { CONSENT_VERSION } from '../../src/features/childcare/children/index.ts';
import { type Language, t } from '../../src/i18n/index.ts';
import { chatWith } from '../helpers/chat.ts';
import { bubblesOf, postbacksOf, textOf } from '../helpers/flex-actions.ts';
import { type Harness, startHarness } from '../helpers/harness.ts';
import { events } from '../helpers/webhook-events.ts';

// 2026-12-15 12:00 in Kasuga.
let clock = new Date('2026-12-15T03:00:00Z');
const setToday = (date: string) => {
  clock = new Date(`${date}T03:00:00Z`);
};

let h: Harness;
beforeAll(async () => {
  h = await startHarness({}, { now: () => clock });
});
afterAll(async () => {
  await h?.close();
});

const tr = (lang: Language, key: string, vars?: Record<string, string | number>) =>
  t(lang, `childcareChildren:${key}`, vars);

interface Picker {
  label: string;
  data: string;
  initial?: string;
  min?: string;
  max?: string;
}
interface QuickItem {
  action: { type: string; label: string; data?: string };
}

const { exchange, tap, say } = chatWith(() => h);
/** A datetimepicker choice: LINE posts the action's data with the date in params. */
const pick = (userId: string, data: string, date: string) =>
  exchange(userId, (replyToken) => ({
    ...events.postback({ userId, replyToken }, data),
    postback: { data, params: { date } },
  }));

/** Every datetimepicker action in a message. */
function pickersOf(node: unknown): Picker[] {
  if (Array.isArray(node)) return node.flatMap(pickersOf);
  if (typeof node !== 'object' || node === null) return [];
  const record = node as Record<string, unknown>;
  const action = record.action as (Picker & { type?: string }) | undefined;
  const own = action?.type === 'datetimepicker' ? [action] : [];
  return [...own, ...Object.entries(record).flatMap(([k, v]) => (k === 'action' ? [] : pickersOf(v)))];
}

const quickItems = (message: unknown) =>
  ((message as { quickReply?: { items: QuickItem[] } }).quickReply?.items ?? []).map((i) => i.action);

/** The postback data of the quick reply or button labelled `label` in the messages. */
function dataFor(messages: unknown[], label: string): string {
  for (const message of messages) {
    const found =
      quickItems(message).find((a) => a.label === label)?.data ??
      postbacksOf(bubblesOf(message)).find((a) => a.label === label)?.data;
    if (found) return found;
  }
  throw new Error(`no "${label}" in ${JSON.stringify(messages).slice(0, 500)}`);
}

const texts = (messages: unknown[]) =>
  messages.map((m) => (m as { text?: string }).text ?? textOf(bubblesOf(m)));

async function newParent(name: string, lang: Language): Promise<string> {
  const userId = h.newUser(name, lang === 'ja-easy' ? 'ja' : lang);
  if (lang === 'ja-easy') await tap(userId, 'action=set-language&lang=ja-easy');
  return userId;
}

async function rowsOf(userId: string) {
  const [parents, log, children] = await Promise.all([
    h.query<{ consent_version: string; consented_at: Date; district: string | null }>(
      'SELECT consent_version, consented_at, district FROM childcare_parents WHERE user_id = $1',
      [userId],
    ),
    h.query<{ consent_version: string; action: string }>(
      'SELECT consent_version, action FROM childcare_consent_log WHERE user_id = $1 ORDER BY id',
      [userId],
    ),
    h.query<{ id: string; nickname: string; birth_date: string }>(
      'SELECT id::text, nickname, birth_date::text FROM childcare_children WHERE user_id = $1 ORDER BY id',
      [userId],
    ),
  ]);
  return { parents, log, children };
}

/** Consent (if asked), nickname, the date picker, the district (if asked), then 登録する. */
async function register(
  userId: string,
  lang: Language,
  nickname: string,
  birthDate: string,
  district = 'none',
) {
  let messages = await tap(userId, 'action=feature&feature=childcare&do=add');
  if (postbacksOf(bubblesOf(messages.at(-1))).some((a) => a.label === tr(lang, 'consent.agree'))) {
    messages = await tap(userId, dataFor(messages, tr(lang, 'consent.agree')));
  }
  expect(texts(messages).at(-1)).toBe(tr(lang, 'register.nickname', { max: 20 }));
  const birth = await say(userId, nickname);
  const picker = pickersOf(birth)[0];
  expect(picker?.label).toBe(tr(lang, 'register.pickDate'));
  let next = await pick(userId, picker?.data ?? '', birthDate);
  if (quickItems(next[0]).length === 13) {
    const label = district === 'none' ? tr(lang, 'district.none') : undefined;
    const item = label
      ? quickItems(next[0]).find((a) => a.label === label)
      : quickItems(next[0]).find((a) => new URLSearchParams(a.data).get('d') === district);
    next = await tap(userId, item?.data ?? '');
  }
  expect(textOf(next)).toContain(tr(lang, 'confirm.title'));
  const done = await tap(userId, dataFor(next, tr(lang, 'confirm.save')));
  return done;
}

const AGES: Record<Language, [string, string]> = {
  ja: ['3歳8か月', '1歳2か月'],
  en: ['3 years 8 months', '1 year 2 months'],
  'ja-easy': ['3歳（さい）8か月（げつ）', '1歳（さい）2か月（げつ）'],
};

describe.each<Language>(['ja', 'en', 'ja-easy'])('children in %s', (lang) => {
  it('refusing consent stores nothing anywhere', async () => {
    setToday('2026-12-15');
    const userId = await newParent('Aki', lang);
    const menu = await tap(userId, 'action=menu&item=childcare');
    expect(bubblesOf(menu[0])).toHaveLength(7);
    expect(quickItems(menu[0]).map((a) => a.label)).toEqual([
      tr(lang, 'entry.register'),
      tr(lang, 'entry.list'),
    ]);

    const consent = await tap(userId, dataFor(menu, tr(lang, 'entry.register')));
    expect(consent).toHaveLength(1);
    const wording = textOf(bubblesOf(consent[0]));
    expect(wording).toContain(tr(lang, `consent.versions.${CONSENT_VERSION}.stored`));
    expect(wording).toContain(tr(lang, `consent.versions.${CONSENT_VERSION}.staff`));
    expect(wording).toContain(tr(lang, 'consent.version', { version: CONSENT_VERSION }));

    const refused = await tap(userId, dataFor(consent, tr(lang, 'consent.refuse')));
    expect(texts(refused)).toEqual([tr(lang, 'consent.refused')]);
    expect(await rowsOf(userId)).toEqual({ parents: [], log: [], children: [] });
    const states = await h.query('SELECT 1 FROM conversation_states WHERE user_id = $1', [userId]);
    expect(states).toEqual([]);
    // The わたし tab entry offers registering to a parent with nothing stored.
    const empty = await tap(userId, 'action=menu&item=myChildren');
    expect(texts(empty)).toEqual([tr(lang, 'list.empty')]);
    expect(quickItems(empty[0]).map((a) => a.label)).toEqual([tr(lang, 'entry.register')]);
    expect(h.emulator.rejected).toEqual([]);
  });

  it('stores consent, registers two children and lists them with their ages', async () => {
    setToday('2026-12-15');
    const userId = await newParent('Mika', lang);
    const consent = await tap(userId, 'action=feature&feature=childcare&do=add');
    const agreed = await tap(userId, dataFor(consent, tr(lang, 'consent.agree')));
    expect(texts(agreed)).toEqual([tr(lang, 'consent.thanks'), tr(lang, 'register.nickname', { max: 20 })]);
    const afterConsent = await rowsOf(userId);
    expect(afterConsent.parents).toEqual([
      { consent_version: CONSENT_VERSION, consented_at: clock, district: null },
    ]);
    expect(afterConsent.log).toEqual([{ consent_version: CONSENT_VERSION, action: 'given' }]);

    // The first child: nickname, date picker (today at most, 18 years back at least), the district, confirm.
    const birth = await say(userId, '  はな  ');
    const picker = pickersOf(birth)[0];
    expect(picker).toMatchObject({ initial: '2026-12-15', max: '2026-12-15', min: '2008-12-15' });
    const district = await pick(userId, picker?.data ?? '', '2025-10-01');
    expect(texts(district)).toEqual([tr(lang, 'district.prompt')]);
    const choices = quickItems(district[0]);
    expect(choices).toHaveLength(13);
    expect(choices.at(-1)?.label).toBe(tr(lang, 'district.none'));
    const confirm = await tap(userId, choices.find((a) => a.data?.endsWith('d=kasuga-higashi'))?.data ?? '');
    expect(textOf(confirm)).toContain('はな');
    expect(textOf(confirm)).toContain(AGES[lang][1]);
    const done = await tap(userId, dataFor(confirm, tr(lang, 'confirm.save')));
    expect(texts(done)[0]).toContain('はな');

    // The second: no consent and no district question again; a typed date works too.
    await tap(userId, dataFor(done, tr(lang, 'register.addAnother')));
    const birth2 = await say(userId, 'Taro');
    expect(pickersOf(birth2)).toHaveLength(1);
    const confirm2 = await say(userId, '2023/4/1');
    expect(textOf(confirm2)).toContain(AGES[lang][0]);
    await tap(userId, dataFor(confirm2, tr(lang, 'confirm.save')));

    const rows = await rowsOf(userId);
    expect(rows.children.map((r) => [r.nickname, r.birth_date])).toEqual([
      ['はな', '2025-10-01'],
      ['Taro', '2023-04-01'],
    ]);
    expect(rows.parents[0]?.district).toBe('kasuga-higashi');
    expect(rows.log).toHaveLength(1);

    // The list: oldest first, ages from the simulated clock, then the bubble to manage the registration.
    const list = await tap(userId, 'action=feature&feature=childcare&do=list');
    const bubbles = bubblesOf(list[0]);
    expect(bubbles).toHaveLength(3);
    expect(textOf(bubbles[0])).toContain('Taro');
    expect(textOf(bubbles[0])).toContain(AGES[lang][0]);
    expect(textOf(bubbles[1])).toContain('はな');
    expect(textOf(bubbles[1])).toContain(AGES[lang][1]);
    // はな (born 2025-10-01, 1 year 2 months on 2026-12-15): the next reminder is 1歳6か月児健診 on 2027-04-01.
    expect(textOf(bubbles[1])).toContain(
      tr(lang, 'list.next', {
        date: formatBirthDate(lang, '2027-04-01'),
        title: t(lang, 'childcareReminders:milestones.checkup-1y6m.title'),
      }),
    );
    expect(textOf(bubbles[2])).toContain(tr(lang, 'list.count', { count: 2, max: 10 }));
    expect(pickersOf(bubbles[1])[0]).toMatchObject({ initial: '2025-10-01', max: '2026-12-15' });

    // The rich menu's わたし tab entry shows the same list.
    const fromMenu = await tap(userId, 'action=menu&item=myChildren');
    expect(bubblesOf(fromMenu[0])).toHaveLength(3);
    expect(textOf(bubblesOf(fromMenu[0])[0])).toContain('Taro');

    setToday('2027-01-01');
    const later = await tap(userId, 'action=feature&feature=childcare&do=list');
    const ageNow = { ja: '1歳3か月', en: '1 year 3 months', 'ja-easy': '1歳（さい）3か月（げつ）' }[lang];
    expect(textOf(bubblesOf(later[0])[1])).toContain(ageNow);
    expect(h.emulator.rejected).toEqual([]);
  });
});

describe('editing and deleting', () => {
  it('renames, changes a birth date with the picker, deletes one child and answers a stale button', async () => {
    setToday('2026-12-15');
    const userId = await newParent('Yui', 'ja');
    await register(userId, 'ja', 'はな', '2025-10-01');
    await register(userId, 'ja', 'たろう', '2023-04-01');
    const [taro, hana] = (await rowsOf(userId)).children.sort((a, b) =>
      a.birth_date.localeCompare(b.birth_date),
    );

    let list = await tap(userId, 'action=feature&feature=childcare&do=list');
    const hanaBubble = bubblesOf(list[0])[1];
    const renamePrompt = await tap(userId, dataFor([{ contents: hanaBubble }], tr('ja', 'list.rename')));
    expect(texts(renamePrompt)).toEqual([tr('ja', 'rename.prompt', { name: 'はな', max: 20 })]);
    const renamed = await say(userId, 'はなこ');
    expect(texts(renamed)).toEqual([tr('ja', 'rename.done', { name: 'はなこ' })]);

    const birthPicker = pickersOf(hanaBubble)[0];
    const changed = await pick(userId, birthPicker?.data ?? '', '2025-09-30');
    expect(texts(changed)).toEqual([
      tr('ja', 'birth.done', { name: 'はなこ', birthDate: '2025年9月30日', age: '1歳2か月' }),
    ]);
    expect((await rowsOf(userId)).children.find((r) => r.id === hana?.id)).toMatchObject({
      nickname: 'はなこ',
      birth_date: '2025-09-30',
    });

    // A future date from a forged picker result changes nothing.
    const future = await pick(userId, birthPicker?.data ?? '', '2027-01-01');
    expect(texts(future)).toEqual([tr('ja', 'register.birthErrors.future')]);

    list = await tap(userId, 'action=feature&feature=childcare&do=list');
    const ask = await tap(userId, dataFor([{ contents: bubblesOf(list[0])[0] }], tr('ja', 'list.delete')));
    expect(textOf(ask)).toContain(tr('ja', 'delete.ask', { name: 'たろう' }));
    const kept = await tap(userId, dataFor(ask, tr('ja', 'delete.no')));
    expect(texts(kept)).toEqual([tr('ja', 'delete.kept')]);
    const yes = dataFor(ask, tr('ja', 'delete.yes'));
    expect(texts(await tap(userId, yes))).toEqual([tr('ja', 'delete.done', { name: 'たろう' })]);
    expect((await rowsOf(userId)).children.map((r) => r.id)).toEqual([hana?.id]);

    // The same buttons again: the child is gone, and every one of them says so.
    expect(texts(await tap(userId, yes))).toEqual([tr('ja', 'notFound')]);
    expect(texts(await tap(userId, `action=feature&feature=childcare&do=rename&c=${taro?.id}`))).toEqual([
      tr('ja', 'notFound'),
    ]);
    expect(
      texts(await pick(userId, `action=feature&feature=childcare&do=birth&c=${taro?.id}`, '2024-01-01')),
    ).toEqual([tr('ja', 'notFound')]);
    expect(h.emulator.rejected).toEqual([]);
  });

  it("does nothing with another user's child id", async () => {
    setToday('2026-12-15');
    const owner = await newParent('Owner', 'ja');
    await register(owner, 'ja', 'ひみつ', '2024-05-05');
    const childId = (await rowsOf(owner)).children[0]?.id ?? '';
    const intruder = await newParent('Intruder', 'en');
    await register(intruder, 'en', 'Own', '2022-02-02');

    for (const data of [
      `action=feature&feature=childcare&do=del&c=${childId}`,
      `action=feature&feature=childcare&do=del-yes&c=${childId}`,
      `action=feature&feature=childcare&do=rename&c=${childId}`,
    ]) {
      const answer = await tap(intruder, data);
      expect(texts(answer)).toEqual([tr('en', 'notFound')]);
      expect(JSON.stringify(answer)).not.toContain('ひみつ');
    }
    const picked = await pick(
      intruder,
      `action=feature&feature=childcare&do=birth&c=${childId}`,
      '2020-01-01',
    );
    expect(texts(picked)).toEqual([tr('en', 'notFound')]);
    expect((await rowsOf(owner)).children).toEqual([
      { id: childId, nickname: 'ひみつ', birth_date: '2024-05-05' },
    ]);
    // Someone who never registered is told the same, not asked for consent.
    const stranger = await newParent('Stranger', 'ja');
    expect(texts(await tap(stranger, `action=feature&feature=childcare&do=rename&c=${childId}`))).toEqual([
      tr('ja', 'notFound'),
    ]);
    expect(await rowsOf(stranger)).toEqual({ parents: [], log: [], children: [] });
    // A malformed id is refused before it reaches the database.
    expect(texts(await tap(intruder, 'action=feature&feature=childcare&do=del-yes&c=1%20OR%201=1'))).toEqual([
      tr('en', 'stale'),
    ]);
  });

  it('withdrawing consent deletes the parent and every child and logs it', async () => {
    setToday('2026-12-15');
    const userId = await newParent('Rin', 'en');
    await register(userId, 'en', 'A', '2021-01-01', 'sugu');
    await register(userId, 'en', 'B', '2024-01-01');
    expect((await rowsOf(userId)).parents[0]?.district).toBe('sugu');

    const list = await tap(userId, 'action=feature&feature=childcare&do=list');
    const ask = await tap(userId, dataFor(list, tr('en', 'list.withdraw')));
    expect(texts(await tap(userId, dataFor(ask, tr('en', 'withdraw.no'))))).toEqual([
      tr('en', 'withdraw.kept'),
    ]);
    expect((await rowsOf(userId)).children).toHaveLength(2);

    const done = await tap(userId, dataFor(ask, tr('en', 'withdraw.yes')));
    expect(texts(done)).toEqual([tr('en', 'withdraw.done')]);
    const rows = await rowsOf(userId);
    expect(rows.parents).toEqual([]);
    expect(rows.children).toEqual([]);
    expect(rows.log.map((r) => r.action)).toEqual(['given', 'withdrawn']);

    // The list now offers registering again, which asks for consent first.
    const empty = await tap(userId, 'action=feature&feature=childcare&do=list');
    expect(texts(empty)).toEqual([tr('en', 'list.empty')]);
    const again = await tap(userId, dataFor(empty, tr('en', 'entry.register')));
    expect(postbacksOf(bubblesOf(again[0])).map((a) => a.label)).toContain(tr('en', 'consent.agree'));
  });

  it('changes the district from the list', async () => {
    setToday('2026-12-15');
    const userId = await newParent('Sora', 'ja');
    await register(userId, 'ja', 'そら', '2020-07-07');
    const list = await tap(userId, 'action=feature&feature=childcare&do=list');
    const choices = await tap(userId, dataFor(list, tr('ja', 'list.changeDistrict')));
    expect(quickItems(choices[0])).toHaveLength(13);
    const set = await tap(userId, quickItems(choices[0]).find((a) => a.label === '白水小学校区')?.data ?? '');
    expect(texts(set)).toEqual([tr('ja', 'district.changed', { district: '白水小学校区' })]);
    expect((await rowsOf(userId)).parents[0]?.district).toBe('shirouzu');
  });
});

describe('consent versions and limits', () => {
  it('asks a parent who agreed to an older wording again before adding a child', async () => {
    setToday('2026-12-15');
    const userId = await newParent('Nao', 'ja-easy');
    await register(userId, 'ja-easy', 'なお', '2024-03-03');
    await h.query(`UPDATE childcare_parents SET consent_version = '2025-04-01' WHERE user_id = $1`, [userId]);
    await h.query(`UPDATE childcare_consent_log SET consent_version = '2025-04-01' WHERE user_id = $1`, [
      userId,
    ]);

    const asked = await tap(userId, 'action=feature&feature=childcare&do=add');
    expect(texts(asked)[0]).toBe(tr('ja-easy', 'consent.changed'));
    expect(textOf(bubblesOf(asked[1]))).toContain(
      tr('ja-easy', `consent.versions.${CONSENT_VERSION}.purpose`),
    );
    // Editing needs the new consent too; viewing and deleting do not.
    const list = await tap(userId, 'action=feature&feature=childcare&do=list');
    expect(textOf(bubblesOf(list[0]))).toContain('なお');
    const rename = await tap(userId, dataFor(list, tr('ja-easy', 'list.rename')));
    expect(texts(rename)[0]).toBe(tr('ja-easy', 'consent.changed'));

    // A card from before the change cannot give consent to the new wording.
    const oldCard = await tap(userId, 'action=feature&feature=childcare&do=consent&v=2025-04-01&next=add');
    expect(texts(oldCard)[0]).toBe(tr('ja-easy', 'consent.changed'));
    expect((await rowsOf(userId)).parents[0]?.consent_version).toBe('2025-04-01');

    // Refusing keeps what was registered; agreeing records the new version and carries on.
    expect(texts(await tap(userId, dataFor(asked, tr('ja-easy', 'consent.refuse'))))).toEqual([
      tr('ja-easy', 'consent.refusedKept'),
    ]);
    const agreed = await tap(userId, dataFor(asked, tr('ja-easy', 'consent.agree')));
    expect(texts(agreed)).toEqual([
      tr('ja-easy', 'consent.thanks'),
      tr('ja-easy', 'register.nickname', { max: 20 }),
    ]);
    const rows = await rowsOf(userId);
    expect(rows.parents[0]?.consent_version).toBe(CONSENT_VERSION);
    expect(rows.log).toEqual([
      { consent_version: '2025-04-01', action: 'given' },
      { consent_version: CONSENT_VERSION, action: 'given' },
    ]);
    expect(rows.children).toHaveLength(1);
    expect(h.emulator.rejected).toEqual([]);
  });

  it('refuses an eleventh child with a clear message', async () => {
    setToday('2026-12-15');
    const userId = await newParent('Many', 'ja');
    await register(userId, 'ja', '1ばん', '2020-01-01');
    await h.query(
      `INSERT INTO childcare_children (user_id, nickname, birth_date)
       SELECT $1, 'こ' || n, date '2015-01-01' + n FROM generate_series(2, 10) AS n`,
      [userId],
    );
    const answer = await tap(userId, 'action=feature&feature=childcare&do=add');
    expect(texts(answer)).toEqual([tr('ja', 'register.limit', { max: 10 })]);
    const list = await tap(userId, 'action=feature&feature=childcare&do=list');
    expect(bubblesOf(list[0])).toHaveLength(11);
    expect(h.emulator.rejected).toEqual([]);
  });
});

describe('bad input', () => {
  it('re-asks for a sticker, a long name, a link, a future or too old date, storing nothing', async () => {
    setToday('2026-12-15');
    const userId = await newParent('Kai', 'ja');
    const consent = await tap(userId, 'action=feature&feature=childcare&do=add');
    await tap(userId, dataFor(consent, tr('ja', 'consent.agree')));

    const sticker = await exchange(userId, (replyToken) => events.sticker({ userId, replyToken }));
    expect(texts(sticker)).toEqual([tr('ja', 'register.nicknameErrors.notText')]);
    expect(texts(await say(userId, 'あ'.repeat(21)))).toEqual([
      tr('ja', 'register.nicknameErrors.tooLong', { max: 20 }),
    ]);
    expect(texts(await say(userId, 'https://example.com/x'))).toEqual([
      tr('ja', 'register.nicknameErrors.url'),
    ]);
    expect(texts(await say(userId, '　 '))).toEqual([tr('ja', 'register.nicknameErrors.empty')]);
    expect(texts(await say(userId, 'はな\nこ'))).toEqual([tr('ja', 'register.nicknameErrors.invalid')]);

    const birth = await say(userId, '🌸はな');
    const data = pickersOf(birth)[0]?.data ?? '';
    const future = await pick(userId, data, '2026-12-16');
    expect(texts(future)[0]).toBe(tr('ja', 'register.birthErrors.future'));
    expect(pickersOf(future)).toHaveLength(1);
    expect(texts(await pick(userId, data, '2008-12-14'))[0]).toBe(
      tr('ja', 'register.birthErrors.tooOld', { years: 18 }),
    );
    expect(texts(await pick(userId, data, '2025-02-30'))[0]).toBe(tr('ja', 'register.birthErrors.invalid'));
    expect(texts(await say(userId, 'きのう'))[0]).toBe(tr('ja', 'register.birthErrors.invalid'));
    expect(texts(await exchange(userId, (replyToken) => events.sticker({ userId, replyToken })))[0]).toBe(
      tr('ja', 'register.birthErrors.invalid'),
    );
    expect((await rowsOf(userId)).children).toEqual([]);

    // A typed era date works; "キャンセル" then leaves without storing the child.
    const district = await say(userId, '令和7年4月1日');
    expect(texts(district)).toEqual([tr('ja', 'district.prompt')]);
    expect(texts(await say(userId, 'キャンセル'))).toEqual([t('ja', 'flow.cancelled')]);
    expect((await rowsOf(userId)).children).toEqual([]);
    // An old button of that (cancelled) conversation is answered as no longer valid, not acted on.
    expect(texts(await pick(userId, data, '2025-01-01'))).toEqual([t('ja', 'flow.staleButton')]);
    expect(h.emulator.rejected).toEqual([]);
  });
});
