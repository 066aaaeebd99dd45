// Children's registration without a server: nickname and date checks, typed dates, ages, district labels,
// the consent wording of the version in force, and every card within LINE's limits in every language.
import { describe, expect, it } from 'vitest';
import { parsePostbackData } from '../../src/events/postback-data.ts';
import {
  askCard,
  birthPrompt,
  childrenCarousel,
  confirmCard,
  consentCard,
  districtChoices,
  districtLabel,
  entryItems,
} from '../../src/features/childcare/children/cards.ts';
import { CONSENT_VERSION, consentWording } from '../../src/features/childcare/children/consent.ts';
import { formatAge, formatBirthDate } from '../../src/features/childcare/children/format.ts';
import { parseFeatureOp } from '../../src/features/childcare/children/postback.ts';
import type { Child } from '../../src/features/childcare/children/repository.ts';
import {
  birthDateRange,
  checkBirthDate,
  checkNickname,
  parseTypedDate,
} from '../../src/features/childcare/children/validate.ts';
import { DISTRICTS } from '../../src/features/childcare/districts.ts';
import { LANGUAGES } from '../../src/i18n/languages.ts';
import { checkMessages } from '../../src/line/message-limits.ts';
import { openApiAvailable, validateOpenApi } from '../helpers/line-openapi.ts';

describe('nicknames', () => {
  it('are trimmed, spaces folded, and 1 to 20 characters counted as PostgreSQL does', () => {
    expect(checkNickname('  はな　 ちゃん ')).toEqual({ ok: true, nickname: 'はな ちゃん' });
    expect(checkNickname('👨‍👩‍👧はな')).toMatchObject({ ok: true });
    expect(checkNickname('𠮷'.repeat(20))).toMatchObject({ ok: true });
    expect(checkNickname('𠮷'.repeat(21))).toEqual({ ok: false, reason: 'tooLong' });
  });

  it('refuse empty text, links and line breaks', () => {
    expect(checkNickname(' \u3000 ')).toEqual({ ok: false, reason: 'empty' });
    expect(checkNickname('http://evil.example')).toEqual({ ok: false, reason: 'url' });
    expect(checkNickname('see www.example.jp')).toEqual({ ok: false, reason: 'url' });
    expect(checkNickname('はな\nこ')).toEqual({ ok: false, reason: 'invalid' });
    expect(checkNickname('はな\u0007')).toEqual({ ok: false, reason: 'invalid' });
  });
});

describe('birth dates', () => {
  const now = new Date('2026-12-15T03:00:00Z');

  it('range from 18 years ago to today in city time', () => {
    expect(birthDateRange('2026-12-15')).toEqual({ min: '2008-12-15', max: '2026-12-15' });
    // 23:30 UTC on the 14th is already the 15th in Kasuga.
    expect(checkBirthDate('2026-12-15', new Date('2026-12-14T23:30:00Z'))).toEqual({
      ok: true,
      date: '2026-12-15',
    });
    expect(checkBirthDate('2026-12-16', now)).toEqual({ ok: false, reason: 'future' });
    expect(checkBirthDate('2008-12-15', now)).toMatchObject({ ok: true });
    expect(checkBirthDate('2008-12-14', now)).toEqual({ ok: false, reason: 'tooOld' });
    expect(checkBirthDate('2025-02-29', now)).toEqual({ ok: false, reason: 'invalid' });
    expect(checkBirthDate('2025-4-1', now)).toEqual({ ok: false, reason: 'invalid' });
  });

  it.each([
    ['2025-04-01', '2025-04-01'],
    ['2025/4/1', '2025-04-01'],
    ['２０２５／４／１', '2025-04-01'],
    ['2025.04.01', '2025-04-01'],
    ['2025年4月1日', '2025-04-01'],
    ['令和7年4月1日', '2025-04-01'],
    ['R7.4.1', '2025-04-01'],
    ['平成31年4月30日', '2019-04-30'],
    ['令和元年5月1日', '2019-05-01'],
    ['2025/2/30', null],
    ['25/4/1', null],
    ['きのう', null],
    ['4/1', null],
  ])('a typed %s reads as %s', (typed, expected) => {
    expect(parseTypedDate(typed)).toBe(expected);
  });
});

describe('ages and dates', () => {
  it.each([
    ['ja', '2025-10-01', '2026-12-15', '1歳2か月'],
    ['ja', '2026-12-01', '2026-12-15', '0か月'],
    ['ja', '2024-12-15', '2026-12-15', '2歳'],
    ['en', '2025-11-15', '2026-12-15', '1 year 1 month'],
    ['en', '2026-10-15', '2026-12-15', '2 months'],
    ['en', '2023-12-15', '2026-12-15', '3 years'],
    ['ja-easy', '2025-10-01', '2026-12-15', '1歳（さい）2か月（げつ）'],
  ] as const)('%s: born %s, on %s → %s', (lang, birth, today, expected) => {
    expect(formatAge(lang, birth, today)).toBe(expected);
  });

  it('writes a birth date in each language', () => {
    expect(formatBirthDate('ja', '2025-04-01')).toBe('2025年4月1日');
    expect(formatBirthDate('en', '2025-04-01')).toBe('April 1, 2025');
  });
});

describe('consent', () => {
  it.each(LANGUAGES)('has the wording of the version in force in %s', (lang) => {
    const wording = consentWording(lang, CONSENT_VERSION);
    for (const part of Object.values(wording)) expect(part.length).toBeGreaterThan(10);
    expect(() => consentWording(lang, '1999-01-01')).toThrow(/missing translation key/);
  });
});

describe('district labels', () => {
  it.each(LANGUAGES)('fit a quick reply, stay distinct and offer "do not answer" last (%s)', (lang) => {
    const labels = DISTRICTS.map((d) => districtLabel(lang, d.id));
    for (const label of labels) expect([...label].length).toBeLessThanOrEqual(20);
    expect(new Set(labels).size).toBe(DISTRICTS.length);
    const items = districtChoices(lang, (d) => `action=feature&feature=childcare&do=district-set&d=${d}`);
    expect(items).toHaveLength(13);
    expect(checkMessages([{ type: 'text', text: 'x', quickReply: { items } }])).toEqual([]);
  });

  it('drop the long English suffix but keep the full name as what the parent says', () => {
    expect(districtLabel('en', 'kasuga-higashi')).toBe('Kasuga-Higashi');
    expect(districtLabel('ja', 'kasuga-higashi')).toBe('春日東小学校区');
  });
});

describe('postbacks', () => {
  it('parse the feature operations and refuse malformed child ids', () => {
    expect(parseFeatureOp({ do: 'del', c: '12' })).toEqual({ do: 'del', c: '12' });
    expect(parseFeatureOp({ do: 'del', c: '0' })).toBeNull();
    expect(parseFeatureOp({ do: 'del', c: '1 OR 1=1' })).toBeNull();
    expect(parseFeatureOp({ do: 'birth', c: '3', picked_date: '2025-04-01' })).toMatchObject({ c: '3' });
    expect(parseFeatureOp({ do: 'nope' })).toBeNull();
    for (const item of entryItems('ja')) {
      const data = (item.action as { data: string }).data;
      expect(parsePostbackData(data)).toMatchObject({ action: 'feature', feature: 'childcare' });
    }
  });
});

describe('cards', () => {
  const children: Child[] = Array.from({ length: 10 }, (_, i) => ({
    id: String(1_000_000_000_000 + i),
    nickname: 'あ'.repeat(20),
    birthDate: `20${10 + i}-0${(i % 9) + 1}-28`,
  }));

  it.each(LANGUAGES)('stay within LINE limits and the OpenAPI schema in %s', (lang) => {
    const messages = [
      consentCard(lang, CONSENT_VERSION, 'add'),
      birthPrompt(lang, 'k1', 'はな', '2026-12-15'),
      confirmCard(lang, 'k1', {
        nickname: 'はな',
        birthDate: '2025-04-01',
        district: 'sugu',
        today: '2026-12-15',
      }),
      childrenCarousel(lang, children, 'kasuga-minami', '2026-12-15'),
      askCard(lang, { question: 'q', yes: 'y', yesData: 'a=1', no: 'n', noData: 'a=2', altText: 'alt' }),
    ];
    for (const message of messages) {
      expect(checkMessages([message])).toEqual([]);
      if (openApiAvailable) expect(validateOpenApi('FlexMessage', message)).toEqual([]);
    }
  });

  it('start the date picker of a child who has just turned 18 at the earliest date LINE accepts', () => {
    const message = childrenCarousel(
      'ja',
      [{ id: '1', nickname: 'x', birthDate: '2008-12-01' }],
      null,
      '2026-12-15',
    );
    const json = JSON.stringify(message);
    expect(json).toContain('"initial":"2008-12-15"');
    expect(json).toContain('"min":"2008-12-15"');
  });
});
