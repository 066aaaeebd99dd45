// Tests for the Flex layer: every template in every language renders, fits LINE's limits and its schema.
import { describe, expect, it } from 'vitest';
import {
  FlexTemplateError,
  fillTemplate,
  getTemplate,
  renderCarousel,
  renderFlex,
  templateNames,
  templateVariables,
} from '../../src/flex/index.ts';
import { LANGUAGES, t } from '../../src/i18n/index.ts';
import { checkMessages, MessageLimitError } from '../../src/line/message-limits.ts';
import { openApiAvailable, validateOpenApi } from '../helpers/line-openapi.ts';

const SAMPLE_DATA: Record<string, Record<string, string>> = {
  welcome: { name: '春日 太郎' },
  'coming-soon': { feature: '申告予約' },
  'language-picker': {},
  'childcare-topic': {
    title: '予防接種',
    summary: '子どもの定期予防接種',
    data: 'action=feature&feature=childcare&topic=vaccination',
  },
  'bousai-shelter': {
    status: '開設',
    statusColor: '#2E7D32',
    name: '春日西中学校',
    kind: '指定避難所',
    distance: '約650 m・徒歩約9分',
    hazards: '地震・大規模な火事',
    address: '福岡県春日市一の谷5-49',
    route: 'https://www.google.com/maps/dir/?api=1&destination=33.520948,130.446182&travelmode=walking',
  },
  'childcare-item': {
    title: '児童手当',
    text: '子どもを育てる家庭に支給します。',
    hours: '平日 8:30〜17:00',
    url: 'https://www.city.kasuga.fukuoka.jp/',
    tel: 'tel:0925841111',
  },
  'childcare-consent': {
    title: 'お子さまの登録について',
    stored: 'お子さまの呼び名と生年月日',
    purpose: '健診・予防接種のお知らせ',
    deletion: 'いつでも削除できます',
    staff: '職員に呼び名は見えません',
    version: '2026-11-01',
    agreeData: 'action=feature&feature=childcare&do=consent&v=2026-11-01&next=add',
    refuseData: 'action=feature&feature=childcare&do=refuse',
  },
  'childcare-child': {
    nickname: 'はなちゃん',
    birthDate: '2025年4月1日',
    age: '1歳2か月',
    next: '2026年10月1日ごろ 1歳6か月児健診',
    renameData: 'action=feature&feature=childcare&do=rename&c=1',
    birthData: 'action=feature&feature=childcare&do=birth&c=1',
    deleteData: 'action=feature&feature=childcare&do=del&c=1',
    initial: '2025-04-01',
    min: '2008-06-01',
    max: '2026-06-01',
  },
  'childcare-child-manage': {
    count: '2人を登録しています（10人まで）。',
    district: '小学校区：春日小学校区',
    addData: 'action=feature&feature=childcare&do=add',
    districtData: 'action=feature&feature=childcare&do=district',
    withdrawData: 'action=feature&feature=childcare&do=withdraw',
  },
  'childcare-child-birth': {
    prompt: '「はなちゃん」の生年月日を選んでください。',
    pickData: 'action=flow&flow=childcare-child&k=k1&op=birth',
    quitData: 'action=flow&flow=childcare-child&k=k1&op=quit',
    initial: '2026-06-01',
    min: '2008-06-01',
    max: '2026-06-01',
  },
  'childcare-child-confirm': {
    nickname: 'はなちゃん',
    birthDate: '2025年4月1日',
    age: '1歳2か月',
    district: '春日小学校区',
    saveData: 'action=flow&flow=childcare-child&k=k1&op=save',
    redoData: 'action=flow&flow=childcare-child&k=k1&op=redo',
    quitData: 'action=flow&flow=childcare-child&k=k1&op=quit',
  },
  'childcare-child-ask': {
    question: '「はなちゃん」の登録を削除しますか？',
    yesLabel: '削除する',
    yesData: 'action=feature&feature=childcare&do=del-yes&c=1',
    noLabel: '削除しない',
    noData: 'action=feature&feature=childcare&do=del-no',
  },
  'info-card': {
    title: '市役所の窓口',
    body: '平日 8:30〜17:00',
    url: 'https://www.city.kasuga.fukuoka.jp/',
  },
  'report-category': {
    name: '公園の遊具・設備',
    description: '壊れた遊具、ベンチ、水飲み場',
    data: 'action=flow&flow=report&k=k1&op=cat&c=park',
  },
  'report-category-urgent': {
    name: '道路の穴・段差',
    description: '道路の陥没、穴、段差',
    notice: '危険な場合はすぐに電話で',
    tel: 'tel:0925841111',
    data: 'action=flow&flow=report&k=k1&op=cat&c=road',
  },
  'report-confirm': {
    category: '道路の穴・段差',
    address: '春日市原町3丁目',
    comment: '直径30cmほどの穴',
    photos: '2枚',
    submitData: 'action=flow&flow=report&k=k1&op=submit',
    backData: 'action=flow&flow=report&k=k1&op=back',
    quitData: 'action=flow&flow=report&k=k1&op=quit',
  },
  'reservation-booked': {
    bring: 'マイナンバーカード',
    datetime: '2月17日(火) 10:00〜10:30',
    howToChange: '予約の確認・変更・キャンセルは、メニューの「予約の確認・変更」からできます。',
    number: 'K7QX3P',
    numberHint: '当日は窓口でこの予約番号をお伝えください。',
    place: '市役所 2階',
    service: '確定申告の相談',
    title: '予約が完了しました',
  },
  'reservation-cancel': {
    datetime: '2月17日(火) 10:00〜10:30',
    noData: 'action=flow&flow=reservation&k=k1&op=cancel-no',
    number: 'K7QX3P',
    service: '確定申告の相談',
    yesData: 'action=flow&flow=reservation&k=k1&op=cancel-yes&r=1',
  },
  'reservation-confirm': {
    bring: 'マイナンバーカード',
    confirmData: 'action=flow&flow=reservation&k=k1&op=book&slot=1',
    confirmLabel: '予約する',
    datetime: '2月17日(火) 10:00〜10:30',
    note: 'この内容で予約しますか？',
    place: '市役所 2階',
    quitData: 'action=flow&flow=reservation&k=k1&op=quit',
    service: '確定申告の相談',
    title: '予約内容の確認',
  },
  'reservation-day': {
    data: 'action=flow&flow=reservation&k=k1&op=day&d=2026-02-17',
    date: '2月17日(火)',
    seats: '残り3席',
  },
  'reservation-day-full': { date: '2月17日(火)' },
  'reservation-intro': {
    bring: 'マイナンバーカード',
    description: '職員が申告書の作成をお手伝いします。',
    place: '市役所 2階',
    reception: '2月16日(月)〜3月16日(月)',
    service: '確定申告の相談',
  },
  'reservation-mine': {
    cancelData: 'action=flow&flow=reservation&k=k1&op=cancel&r=1',
    changeData: 'action=flow&flow=reservation&k=k1&op=change&r=1',
    datetime: '2月17日(火) 10:00〜10:30',
    number: 'K7QX3P',
    place: '市役所 2階',
    service: '確定申告の相談',
    status: '予約済み',
  },
  'reservation-mine-status': {
    datetime: '2月17日(火) 10:00〜10:30',
    number: 'K7QX3P',
    place: '市役所 2階',
    queue: '受付番号 12番',
    service: '確定申告の相談',
    status: '受付済み',
  },
  'reservation-more': {
    body: 'さらに先の日付を表示します。',
    data: 'action=flow&flow=reservation&k=k1&op=days&page=1',
    title: 'ほかの日付',
  },
  'reservation-notice': {
    body: '受付番号は12番です。',
    datetime: '2月17日(火) 10:00〜10:30',
    number: 'K7QX3P',
    place: '市役所 2階',
    service: '確定申告の相談',
    title: '受付しました',
  },
  'reservation-service': {
    data: 'action=flow&flow=reservation&k=k1&op=service&s=tax',
    description: '職員が申告書の作成をお手伝いします。',
    reception: '2月16日(月)〜3月16日(月)',
    service: '確定申告の相談',
  },
  'reservation-time': {
    data: 'action=flow&flow=reservation&k=k1&op=slot&slot=1',
    seats: '残り3席',
    time: '10:00–10:30',
  },
  'reservation-time-full': { time: '10:00–10:30' },
};

/** Every string in a rendered tree, to look for leftovers. */
function strings(node: unknown): string[] {
  if (typeof node === 'string') return [node];
  if (Array.isArray(node)) return node.flatMap(strings);
  if (typeof node === 'object' && node !== null) return Object.values(node).flatMap(strings);
  return [];
}

describe('templates', () => {
  it('include the four the bot needs, each with sample data for these tests', () => {
    expect(templateNames()).toEqual(
      expect.arrayContaining(['welcome', 'coming-soon', 'language-picker', 'info-card']),
    );
    for (const name of templateNames()) {
      expect(SAMPLE_DATA[name], `sample data for ${name}`).toBeDefined();
      // Translations may need more variables (welcome.title uses {{name}}), so the template's own are a subset.
      expect(Object.keys(SAMPLE_DATA[name] ?? {})).toEqual(
        expect.arrayContaining(templateVariables(getTemplate(name).tree)),
      );
    }
  });

  const cases = templateNames().flatMap((name) => LANGUAGES.map((lang) => [name, lang] as const));
  it.each(cases)('%s renders in %s within LINE limits', (name, lang) => {
    const message = renderFlex(name, { lang, data: SAMPLE_DATA[name], altText: `${name} (${lang})` });
    expect(message.type).toBe('flex');
    expect(checkMessages([message])).toEqual([]);
    expect(strings(message.contents).join('\n')).not.toMatch(/\{\{|\}\}/);
  });

  it.skipIf(!openApiAvailable).each(cases)(
    '%s in %s matches the OpenAPI FlexMessage schema',
    (name, lang) => {
      const message = renderFlex(name, { lang, data: SAMPLE_DATA[name], altText: 'alt' });
      expect(validateOpenApi('FlexMessage', message)).toEqual([]);
      expect(validateOpenApi('Message', message)).toEqual([]);
    },
  );

  it('loads each template once and never changes the cached copy', () => {
    expect(getTemplate('welcome')).toBe(getTemplate('welcome'));
    const before = JSON.stringify(getTemplate('welcome').tree);
    const a = renderFlex('welcome', { lang: 'ja', data: { name: 'A' }, altText: 'a' });
    const b = renderFlex('welcome', { lang: 'en', data: { name: 'B' }, altText: 'b' });
    expect(JSON.stringify(getTemplate('welcome').tree)).toBe(before);
    expect(JSON.stringify(a)).toContain('Aさん、ようこそ');
    expect(JSON.stringify(b)).toContain('Welcome, B');
  });

  it('refuses an unknown template', () => {
    expect(() => renderFlex('no-such', { lang: 'ja', altText: 'x' })).toThrow(FlexTemplateError);
  });
});

describe('language-picker', () => {
  it.each(LANGUAGES)('offers every language by its own name, posting back set-language (%s)', (lang) => {
    const message = renderFlex('language-picker', { lang, altText: t(lang, 'language.prompt') });
    const footer = (message.contents as { footer: { contents: Array<{ action: Record<string, string> }> } })
      .footer;
    const actions = footer.contents.map((button) => button.action);
    expect(actions.map((a) => Object.fromEntries(new URLSearchParams(a.data)))).toEqual(
      LANGUAGES.map((l) => ({ action: 'set-language', lang: l })),
    );
    expect(actions.map((a) => a.label)).toEqual(['日本語', 'English', 'やさしい日本語']);
    expect(actions.map((a) => a.displayText)).toEqual(['日本語', 'English', 'やさしい日本語']);
  });
});

describe('filling', () => {
  it('keeps data that looks like JSON or placeholders as a plain string', () => {
    const title = '"}, {"type": "uri", "uri": "javascript:alert(1)"} {{t:greeting}} {{url}}';
    const message = renderFlex('info-card', {
      lang: 'en',
      data: { ...SAMPLE_DATA['info-card'], title },
      altText: 'x',
    });
    const body = (message.contents as { body: { contents: Array<{ text: string }> } }).body;
    expect(body.contents).toHaveLength(2);
    expect(body.contents[0]?.text).toBe(title);
  });

  it('throws on a missing variable or an unknown translation key', () => {
    expect(() =>
      renderFlex('info-card', { lang: 'ja', data: { title: 'x', body: 'y' }, altText: 'x' }),
    ).toThrow(/no value for \{\{url\}\}/);
    expect(() => renderFlex('welcome', { lang: 'ja', altText: 'x' })).toThrow(/name/);
    expect(() => fillTemplate({ text: '{{t:no.such.key}}' }, 'ja')).toThrow(/missing translation key/);
  });

  it('supports a namespace prefix and refuses malformed placeholders', () => {
    expect(fillTemplate({ text: '{{t:common:feature.faq}} / {{ t:feature.faq }}' }, 'en')).toEqual({
      text: 'FAQ / FAQ',
    });
    expect(() => fillTemplate({ text: '{{not a placeholder}}' }, 'ja')).toThrow(/malformed placeholder/);
    expect(() => fillTemplate({ text: 'half {{open' }, 'ja')).toThrow(/unbalanced/);
    expect(() => fillTemplate({ text: 'stray }} close' }, 'ja')).toThrow(/unbalanced/);
  });

  it('fills only string values and leaves numbers, booleans and keys alone', () => {
    expect(fillTemplate({ '{{k}}': '{{k}}', n: 1, b: true, z: null }, 'ja', { k: 'v' })).toEqual({
      '{{k}}': 'v',
      n: 1,
      b: true,
      z: null,
    });
  });
});

describe('limits', () => {
  it('throws when data makes the bubble larger than 30 KB', () => {
    const body = 'x'.repeat(30_000);
    expect(() =>
      renderFlex('info-card', { lang: 'ja', data: { ...SAMPLE_DATA['info-card'], body }, altText: 'x' }),
    ).toThrow(MessageLimitError);
  });

  it('throws on an empty or too long altText', () => {
    const render = (altText: string) => () => renderFlex('language-picker', { lang: 'ja', altText });
    expect(render('')).toThrow(MessageLimitError);
    expect(render('a'.repeat(1501))).toThrow(/altText/);
    expect(render('a'.repeat(1500))).not.toThrow();
  });

  it('throws on a URI LINE would refuse', () => {
    const data = { ...SAMPLE_DATA['info-card'], url: 'javascript:alert(1)' };
    expect(() => renderFlex('info-card', { lang: 'ja', data, altText: 'x' })).toThrow(/scheme/);
  });
});

describe('renderCarousel', () => {
  const item = (i: number) => ({ title: `お知らせ ${i}`, body: '本文', url: `https://example.com/${i}` });

  it('repeats a bubble template per item, up to 12', () => {
    const message = renderCarousel(
      'info-card',
      Array.from({ length: 12 }, (_, i) => item(i)),
      { lang: 'ja', altText: 'お知らせ' },
    );
    const carousel = message.contents as { type: string; contents: unknown[] };
    expect(carousel.type).toBe('carousel');
    expect(carousel.contents).toHaveLength(12);
    expect(JSON.stringify(carousel.contents[11])).toContain('お知らせ 11');
    if (openApiAvailable) expect(validateOpenApi('FlexMessage', message)).toEqual([]);
  });

  it('refuses 13 items and none', () => {
    const render = (n: number) => () =>
      renderCarousel(
        'info-card',
        Array.from({ length: n }, (_, i) => item(i)),
        { lang: 'ja', altText: 'x' },
      );
    expect(render(13)).toThrow(/1 to 12 bubbles, got 13/);
    expect(render(0)).toThrow(FlexTemplateError);
  });

  it('throws when the whole carousel passes 50 KB', () => {
    const big = Array.from({ length: 3 }, (_, i) => ({ ...item(i), body: 'x'.repeat(20_000) }));
    expect(() => renderCarousel('info-card', big, { lang: 'ja', altText: 'x' })).toThrow(/carousel JSON/);
  });
});
