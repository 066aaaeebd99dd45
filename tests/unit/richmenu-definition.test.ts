// The rich menu data is consistent: geometry, LINE limits, aliases, postbacks and translations in every language.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePostbackData } from '../../src/events/postback-data.ts';
import { LANGUAGES } from '../../src/i18n/languages.ts';
import { aliasIdFor, ITEM_IDS, RICH_MENU, TAB_IDS } from '../../src/line/richmenu/definition.ts';
import { findRichMenuText } from '../../src/line/richmenu/labels.ts';
import { findTab, layoutTab, splitEvenly } from '../../src/line/richmenu/layout.ts';
import { buildRichMenuRequests } from '../../src/line/richmenu/requests.ts';
import {
  ALIAS_ID_PATTERN,
  checkRichMenuRequest,
  RICH_MENU_LIMITS,
} from '../../src/line/richmenu/validate.ts';

const ALL_ALIASES = new Set(LANGUAGES.flatMap((lang) => TAB_IDS.map((tab) => aliasIdFor(tab, lang))));

function usedKeys(): string[] {
  const keys = [RICH_MENU.chatBarTextKey, ...RICH_MENU.tabs.map((tab) => tab.labelKey)];
  for (const item of Object.values(RICH_MENU.items)) keys.push(item.labelKey, item.captionKey);
  return keys;
}

function leafKeys(node: unknown, prefix = ''): string[] {
  if (typeof node !== 'object' || node === null) return [prefix];
  return Object.entries(node).flatMap(([key, value]) => leafKeys(value, prefix ? `${prefix}.${key}` : key));
}

function localeFile(lang: string): unknown {
  const url = new URL(`../../src/i18n/locales/${lang}/richmenu.json`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8'));
}

describe('rich menu layout', () => {
  it('splits pixels into whole parts that add up exactly', () => {
    expect(splitEvenly(2500, 3)).toEqual([833, 833, 834]);
    expect(splitEvenly(1436, 2)).toEqual([718, 718]);
  });

  for (const tab of RICH_MENU.tabs) {
    it(`tab ${tab.id}: areas tile the whole image, inside it and without overlaps`, () => {
      const { width, height } = RICH_MENU.size;
      const areas = layoutTab(RICH_MENU, tab);
      expect(areas.length).toBeLessThanOrEqual(RICH_MENU_LIMITS.maxAreas);
      let covered = 0;
      for (const [i, { bounds: b }] of areas.entries()) {
        expect(b.x).toBeGreaterThanOrEqual(0);
        expect(b.y).toBeGreaterThanOrEqual(0);
        expect(b.x + b.width).toBeLessThanOrEqual(width);
        expect(b.y + b.height).toBeLessThanOrEqual(height);
        covered += b.width * b.height;
        for (const { bounds: o } of areas.slice(0, i)) {
          const apart =
            b.x >= o.x + o.width || o.x >= b.x + b.width || b.y >= o.y + o.height || o.y >= b.y + b.height;
          expect(apart).toBe(true);
        }
      }
      // No overlaps and the same total area: every pixel is tappable.
      expect(covered).toBe(width * height);
    });
  }

  it('has a tab bar button for every tab on every tab, and uses every item', () => {
    const used = new Set<string>();
    for (const tab of RICH_MENU.tabs) {
      const areas = layoutTab(RICH_MENU, findTab(RICH_MENU, tab.id));
      const tabs = areas.flatMap((a) => (a.target.kind === 'tab' ? [a.target.tab] : []));
      expect(tabs).toEqual([...TAB_IDS]);
      for (const a of areas) if (a.target.kind === 'item') used.add(a.target.item);
    }
    expect([...used].sort()).toEqual([...ITEM_IDS].sort());
  });
});

describe('rich menu texts', () => {
  it('every key the menus use exists, non-empty, in every language', () => {
    for (const lang of LANGUAGES) {
      for (const key of usedKeys()) {
        expect(findRichMenuText(lang, key)?.trim(), `${lang}: ${key}`).toBeTruthy();
      }
    }
  });

  it('every language file has the same keys, and no unused ones', () => {
    const expected = usedKeys().sort();
    for (const lang of LANGUAGES) expect(leafKeys(localeFile(lang)).sort(), lang).toEqual(expected);
  });
});

describe('buildRichMenuRequests', () => {
  for (const lang of LANGUAGES) {
    const requests = buildRichMenuRequests(lang);

    it(`${lang}: every request passes LINE's rules`, () => {
      for (const tab of TAB_IDS) {
        const request = requests[tab];
        expect(checkRichMenuRequest(request)).toEqual([]);
        expect(request.size).toEqual({ width: 2500, height: 1686 });
        expect(request.name).toBe(aliasIdFor(tab, lang));
        expect((request.chatBarText ?? '').length).toBeLessThanOrEqual(14);
        expect(request.chatBarText).toBe(findRichMenuText(lang, 'chatBarText'));
      }
    });

    it(`${lang}: labels fit, switches point at existing aliases, postbacks parse`, () => {
      for (const tab of TAB_IDS) {
        for (const area of requests[tab].areas ?? []) {
          const action = area.action;
          expect(action?.label?.length ?? 0).toBeGreaterThan(0);
          expect(action?.label?.length ?? 99).toBeLessThanOrEqual(20);
          if (action?.type === 'richmenuswitch') {
            expect(action.richMenuAliasId).toMatch(ALIAS_ID_PATTERN);
            expect(ALL_ALIASES.has(action.richMenuAliasId ?? '')).toBe(true);
            // A tab switches within the user's language, never to another one.
            expect(action.richMenuAliasId?.endsWith(`-${lang}`)).toBe(true);
            expect(action.richMenuAliasId?.slice(0, -lang.length - 1)).toBe(parsePostbackTab(action.data));
          } else {
            expect(action?.type).toBe('postback');
            if (action?.type !== 'postback') continue;
            const parsed = parsePostbackData(action.data ?? '');
            expect(parsed?.action).toBe('menu');
            expect(action.displayText).toBe(action.label);
          }
        }
      }
    });
  }

  it('gives every alias the LINE pattern and names the default main-ja', () => {
    for (const alias of ALL_ALIASES) expect(alias).toMatch(ALIAS_ID_PATTERN);
    expect(aliasIdFor(RICH_MENU.defaultTab, RICH_MENU.defaultLanguage)).toBe('main-ja');
  });

  it('keeps the data of the tile a user taps in the postback', () => {
    const areas = buildRichMenuRequests('en').main.areas ?? [];
    expect(areas.map((a) => (a.action?.type === 'postback' ? a.action.data : a.action?.type))).toEqual([
      'richmenuswitch',
      'richmenuswitch',
      'action=menu&item=gomi',
      'action=menu&item=reservations',
      'action=menu&item=childcare',
      'action=menu&item=reports',
      'action=menu&item=disaster',
      'action=menu&item=faq',
      'action=menu&item=help',
      'action=menu&item=contact',
      'action=menu&item=language',
    ]);
    expect(areas[3]?.action).toMatchObject({
      label: 'Tax Return Booking',
      displayText: 'Tax Return Booking',
    });
    expect(areas[1]?.action).toEqual({
      type: 'richmenuswitch',
      label: 'My Page',
      richMenuAliasId: 'mine-en',
      data: 'action=tab&tab=mine',
    });
  });
});

function parsePostbackTab(data: string | undefined): string | undefined {
  const parsed = parsePostbackData(data ?? '');
  return parsed?.action === 'tab' ? parsed.tab : undefined;
}
