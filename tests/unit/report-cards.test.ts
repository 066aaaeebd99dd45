// The report conversation's cards in every language: within LINE's limits, buttons carry this flow's data.
import { describe, expect, it } from 'vitest';
import { findCategory, loadReportCatalog } from '../../src/features/reports/catalog/catalog.ts';
import {
  categoriesCarousel,
  commentPrompt,
  confirmCard,
  locationPrompt,
  myReportsText,
  nearbyLine,
  nearbyPrompt,
  photosPrompt,
} from '../../src/features/reports/chat/cards.ts';
import { parseFlowOp } from '../../src/features/reports/chat/postback.ts';
import { t } from '../../src/i18n/index.ts';
import { LANGUAGES } from '../../src/i18n/languages.ts';
import { checkMessages } from '../../src/line/message-limits.ts';
import { postbacksOf, textOf } from '../helpers/flex-actions.ts';

const catalog = loadReportCatalog();

describe.each(LANGUAGES)('report cards (%s)', (lang) => {
  it('offers every active category, with a tel: button where there is an emergency number', () => {
    const carousel = categoriesCarousel(lang, 'k1', catalog);
    expect(checkMessages([carousel])).toEqual([]);
    const actions = postbacksOf(carousel).map((a) =>
      parseFlowOp(Object.fromEntries(new URLSearchParams(a.data))),
    );
    expect(actions.map((a) => (a?.op.op === 'cat' ? a.op.c : null))).toEqual(
      catalog.categories.filter((c) => c.active).map((c) => c.id),
    );
    const tels = catalog.categories.filter((c) => c.active && c.emergency).length;
    expect(JSON.stringify(carousel).match(/"uri":"tel:/g)?.length ?? 0).toBe(tels);
  });

  it('prompts within limits; "done" appears only once a photo was received', () => {
    const none = photosPrompt(lang, 'k1', 'photos.prompt', { category: 'x' }, 0);
    const one = photosPrompt(lang, 'k1', 'photos.received', {}, 1);
    expect(one.quickReply?.items?.length).toBe((none.quickReply?.items?.length ?? 0) + 1);
    const location = locationPrompt(lang, 'k1');
    expect(location.quickReply?.items?.[0]?.action?.type).toBe('location');
    const nearby = nearbyPrompt(
      lang,
      'k1',
      [
        {
          id: '5',
          number: 'R000005',
          category: 'road',
          status: 'received',
          lat: 0,
          lon: 0,
          distanceM: 12.4,
          supporterCount: 0,
          publicPhotoKey: null,
          createdAt: new Date(),
        },
      ],
      () => 'S',
    );
    expect(nearby.text).toContain('R000005');
    expect(checkMessages([none, one, location, nearby, commentPrompt(lang, 'k1', undefined)])).toEqual([]);
  });

  it('confirms without a photo image, and lists own reports', () => {
    const card = confirmCard(lang, 'k1', { category: 'C', address: null, comment: null, photoCount: 2 });
    expect(checkMessages([card])).toEqual([]);
    expect(JSON.stringify(card)).not.toContain('"type":"image"');
    expect(textOf(card)).toContain('C');
    const list = myReportsText(lang, [
      {
        id: '1',
        number: 'R000001',
        role: 'reporter',
        category: 'road',
        categoryName: 'Road',
        status: 'received',
        statusLabel: 'L',
        reason: null,
        createdAt: new Date(),
        updatedAt: new Date(),
      },
    ]);
    expect(list.text).toContain('R000001');
  });
});

describe('report wording', () => {
  const near = (distanceM: number) => ({
    id: '5',
    number: 'R000005',
    category: 'road',
    status: 'received',
    lat: 0,
    lon: 0,
    distanceM,
    supporterCount: 0,
    publicPhotoKey: null,
    createdAt: new Date(),
  });

  it.each(LANGUAGES)('%s: a report at the same spot is not "0 m away"', (lang) => {
    const here = nearbyLine(lang, near(0.4), 'S');
    expect(here).toBe(t(lang, 'reports:nearby.itemHere', { number: 'R000005', status: 'S' }));
    expect(here).not.toMatch(/\b0\s?m/);
    expect(nearbyLine(lang, near(37), 'S')).toContain('40');
  });

  it.each(LANGUAGES)('%s: the comment example is the category’s own', (lang) => {
    const road = commentPrompt(lang, 'k1', findCategory(catalog, 'road')).text;
    const light = commentPrompt(lang, 'k1', findCategory(catalog, 'streetlight')).text;
    const holeSize = findCategory(catalog, 'road')?.commentExample[lang] ?? '';
    expect(holeSize).not.toBe('');
    expect(road).toContain(holeSize);
    expect(light).not.toContain(holeSize);
    expect(light).toContain(findCategory(catalog, 'streetlight')?.commentExample[lang]);
    // Every category has an example and a description in every language (ja-easy no longer falls back).
    for (const category of catalog.categories) {
      expect(category.commentExample[lang], `${category.id} example`).toBeTruthy();
      expect(
        category.description[lang] ?? (lang === 'ja-easy' ? undefined : category.description.ja),
      ).toBeTruthy();
    }
  });
});
