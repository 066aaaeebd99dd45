// Tests for the i18n layer: locale files agree with each other, t() and its fallbacks, cancel words.
import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { MENU_ITEMS } from '../../src/events/postback-data.ts';
import { getI18n, hasKey, initI18n, isCancelWord, LANGUAGES, t } from '../../src/i18n/index.ts';
import { flattenKeys, loadResources } from '../../src/i18n/resources.ts';

const { resources, namespaces } = loadResources();
const placeholders = (text: string) => [...text.matchAll(/\{\{\s*([^}\s]+)\s*\}\}/g)].map((m) => m[1]).sort();
// A language's plural forms (en: _one/_other; ja: none) stand for one key; `_zero` is a key of its own, in
// every language, since i18next would otherwise take it from a fallback language.
const PLURAL = /_(one|two|few|many|other)$/;
const base = (key: string) => key.replace(PLURAL, '');
function flatByBase(table: Record<string, unknown>): Map<string, unknown[]> {
  const out = new Map<string, unknown[]>();
  for (const [key, value] of flattenKeys(table)) out.set(base(key), [...(out.get(base(key)) ?? []), value]);
  return out;
}

const REQUIRED_KEYS = [
  'greeting',
  'greeting.languageHint',
  'comingSoon',
  ...MENU_ITEMS.filter((item) => item !== 'language').map((item) => `feature.${item}`),
  'language.prompt',
  'language.changed',
  'language.name.ja',
  'language.name.en',
  'language.name.ja-easy',
  'flow.cancelled',
  'flow.nothingToCancel',
  'flow.expired',
  'flow.staleButton',
  'fallback.text',
  'fallback.sticker',
  'fallback.unsupported',
  'error.temporary',
];

describe('locale files', () => {
  it('include common in every language', () => {
    expect(namespaces).toContain('common');
    for (const lang of LANGUAGES) expect(Object.keys(resources[lang]).sort()).toEqual(namespaces);
  });

  it.each(namespaces)('namespace %s has the same keys in every language, none empty', (ns) => {
    const keysOf = (lang: (typeof LANGUAGES)[number]) => flattenKeys(resources[lang][ns] ?? {});
    const reference = [...new Set([...keysOf('ja').keys()].map(base))].sort();
    for (const lang of LANGUAGES) {
      const flat = keysOf(lang);
      expect([...new Set([...flat.keys()].map(base))].sort(), `${lang}/${ns}.json keys`).toEqual(reference);
      for (const [key, value] of flat) {
        if (Array.isArray(value)) {
          expect(value.length, `${lang} ${ns}:${key}`).toBeGreaterThan(0);
          for (const item of value)
            expect(typeof item === 'string' && item.trim() !== '', `${lang} ${ns}:${key}`).toBe(true);
        } else {
          expect(typeof value, `${lang} ${ns}:${key}`).toBe('string');
          expect((value as string).trim(), `${lang} ${ns}:${key}`).not.toBe('');
        }
      }
    }
  });

  it.each(namespaces)('namespace %s uses the same {{placeholders}} per key in every language', (ns) => {
    const ja = flatByBase(resources.ja[ns] ?? {});
    for (const lang of LANGUAGES) {
      const flat = flatByBase(resources[lang][ns] ?? {});
      for (const [key, values] of ja) {
        const [value] = values;
        if (typeof value !== 'string') continue;
        for (const form of flat.get(key) ?? [])
          expect(placeholders(String(form)), `${lang} ${ns}:${key}`).toEqual(placeholders(value));
      }
    }
  });

  it('have every key the bot needs', () => {
    for (const key of REQUIRED_KEYS)
      for (const lang of LANGUAGES) expect(hasKey(key, lang), `${lang} ${key}`).toBe(true);
  });

  it('name each language in its own language, the same in every locale', () => {
    for (const lang of LANGUAGES) {
      expect(t(lang, 'language.name.ja')).toBe('日本語');
      expect(t(lang, 'language.name.en')).toBe('English');
      expect(t(lang, 'language.name.ja-easy')).toBe('やさしい日本語');
    }
  });
});

describe('t()', () => {
  it('initialises once', async () => {
    const first = getI18n();
    await initI18n();
    await initI18n();
    expect(getI18n()).toBe(first);
  });

  it('translates into each language with variables', () => {
    expect(t('ja', 'language.changed', { language: 'English' })).toBe('表示言語をEnglishに変更しました。');
    expect(t('en', 'language.changed', { language: '日本語' })).toBe(
      'Your language has been changed to 日本語.',
    );
    expect(t('ja-easy', 'language.changed', { language: 'English' })).toBe('ことばをEnglishにしました。');
    expect(t('ja', 'greeting', { name: '山田' })).toMatch(/^山田さん、春日市公式LINE/);
    expect(t('en', 'greeting', { name: 'Alex' })).toMatch(/^Hello Alex, .*Kasuga City/);
    expect(t('ja', 'comingSoon', { feature: t('ja', 'feature.reservations') })).toContain('「申告予約」');
  });

  it('keeps the code ja-easy (i18next would otherwise canonicalise it to ja-Easy)', () => {
    const i18n = getI18n();
    expect(i18n.services.languageUtils.formatLanguageCode('ja-easy')).toBe('ja-easy');
    expect(t('ja-easy', 'feature.faq')).toBe('よくある質問（しつもん）');
    expect(t('ja-easy', 'feature.faq')).not.toBe(t('ja', 'feature.faq'));
    // The reason for lowerCaseLng: a default instance turns the code into a script subtag.
    const plain = i18next.createInstance();
    void plain.init({ initAsync: false });
    expect(plain.services.languageUtils.formatLanguageCode('ja-easy')).toBe('ja-Easy');
  });

  it('falls back through the other languages, Japanese first', () => {
    const utils = getI18n().services.languageUtils;
    const fallbacks = getI18n().options.fallbackLng;
    expect(utils.toResolveHierarchy('ja-easy', fallbacks)).toEqual(['ja-easy', 'ja', 'en']);
    expect(utils.toResolveHierarchy('en', fallbacks)).toEqual(['en', 'ja', 'ja-easy']);
    expect(utils.toResolveHierarchy('ja', fallbacks)).toEqual(['ja', 'ja-easy', 'en']);
    const i18n = i18next.createInstance();
    void i18n.init({
      initAsync: false,
      lowerCaseLng: true,
      fallbackLng: fallbacks,
      resources: { ja: { common: { onlyJa: '日本語だけ' } }, en: { common: {} }, 'ja-easy': { common: {} } },
      defaultNS: 'common',
    });
    expect(i18n.t('onlyJa', { lng: 'en' })).toBe('日本語だけ');
    expect(i18n.t('onlyJa', { lng: 'ja-easy' })).toBe('日本語だけ');
  });

  it('throws on a key missing in every language, a list key or a missing variable', () => {
    expect(() => t('ja', 'no.such.key')).toThrow(/missing translation key "no.such.key"/);
    expect(() => t('en', 'common:no.such.key')).toThrow(/missing translation key/);
    expect(() => t('ja', 'cancelWords')).toThrow(/is a list/);
    expect(() => t('en', 'greeting')).toThrow(/missing value for \{\{name\}\}/);
  });

  it('accepts a namespace prefix', () => {
    expect(t('en', 'common:feature.faq')).toBe('FAQ');
    expect(hasKey('common:feature.faq')).toBe(true);
    expect(hasKey('feature.nothing')).toBe(false);
  });

  it('never interprets variable values', () => {
    const name = '$t(feature.faq) {{name}} <b>&';
    expect(t('en', 'greeting', { name })).toContain(`Hello ${name},`);
    // Variables named like i18next options are still plain variables.
    expect(t('en', 'language.changed', { language: 'English', count: 2, context: 'x', lng: 'ja' })).toBe(
      'Your language has been changed to English.',
    );
  });
});

describe('plurals', () => {
  it('English counts people and days in the singular and plural, and 0 as "next"', () => {
    const body = (ahead: number) =>
      t('en', 'reservations:notice.checkedIn.body', { number: 7, count: ahead });
    expect(body(1)).toContain('1 person is ahead of you');
    expect(body(2)).toContain('2 people are ahead of you');
    expect(body(0)).not.toMatch(/0 (people|person)/);
    expect(t('en', 'reports:privacy', { count: 1 })).toContain('after 1 day.');
    expect(t('en', 'reports:privacy', { count: 30 })).toContain('after 30 days.');
    for (const lang of LANGUAGES) {
      expect(t(lang, 'reservations:notice.checkedIn.body', { number: 7, count: 0 })).not.toMatch(/\b0/);
    }
  });
});

describe('isCancelWord', () => {
  it.each([
    'キャンセル',
    'やめる',
    'cancel',
    'Cancel',
    ' CANCEL ',
    'ＣＡＮＣＥＬ',
    'ｷｬﾝｾﾙ',
    'きゃんせる',
    'ヤメル',
    '中止',
    'やめます。',
    'cancel!',
    'stop',
  ])('recognises %j', (text) => {
    expect(isCancelWord(text)).toBe(true);
  });

  it.each(['', '   ', 'cancel my reservation', 'キャンセル待ち', 'hello', 'やめ'])('ignores %j', (text) => {
    expect(isCancelWord(text)).toBe(false);
  });
});
