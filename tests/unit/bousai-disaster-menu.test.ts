// The disaster-mode rich menu: one per language, valid for LINE (request and image), tap areas covering the image
// without overlap, each tile opening its menu entry, names the everyday deploy never touches.
import { beforeAll, describe, expect, it } from 'vitest';
import { parsePostbackData } from '../../src/events/postback-data.ts';
import { initI18n } from '../../src/i18n/index.ts';
import { LANGUAGES } from '../../src/i18n/languages.ts';
import { DISASTER_MENU, DISASTER_MENU_NAME_PATTERN } from '../../src/line/richmenu/disaster/definition.ts';
import { planDisasterMenus } from '../../src/line/richmenu/disaster/plan.ts';
import { parseRichMenuName } from '../../src/line/richmenu/names.ts';
import { checkRichMenuImage, checkRichMenuRequest, readImageInfo } from '../../src/line/richmenu/validate.ts';

beforeAll(async () => {
  await initI18n();
});

describe('disaster menu', () => {
  it('has a valid menu per language: request, image, alias, and a name the everyday deploy ignores', () => {
    const plan = planDisasterMenus(LANGUAGES);
    expect(plan.map((m) => m.aliasId)).toEqual(['disaster-ja', 'disaster-en', 'disaster-ja-easy']);
    for (const menu of plan) {
      expect(checkRichMenuRequest(menu.request)).toEqual([]);
      expect(checkRichMenuImage(menu.image, DISASTER_MENU.size)).toEqual([]);
      expect(readImageInfo(menu.image)).toMatchObject({ format: 'png', width: 2500, height: 1686 });
      expect(menu.name).toMatch(DISASTER_MENU_NAME_PATTERN);
      expect(parseRichMenuName(menu.name)).toBeNull();
    }
    // Different texts, different images and names.
    expect(new Set(plan.map((m) => m.name)).size).toBe(LANGUAGES.length);
  });

  it('covers the whole image with six areas opening 避難情報, 避難所, 避難情報, 安否報告, 連絡先 and 言語', () => {
    const [ja] = planDisasterMenus(['ja']);
    const areas = ja?.request.areas ?? [];
    const covered = areas.reduce((sum, a) => sum + (a.bounds?.width ?? 0) * (a.bounds?.height ?? 0), 0);
    expect(covered).toBe(2500 * 1686);
    const items = areas.map((a) => {
      const action = a.action as { type: string; data: string; label: string };
      expect(action.type).toBe('postback');
      const data = parsePostbackData(action.data);
      return data?.action === 'menu' ? data.item : null;
    });
    expect(items).toEqual([
      'evacuationInfo',
      'disaster',
      'evacuationInfo',
      'safetyReport',
      'disasterContacts',
      'language',
    ]);
    expect(areas[1]?.action?.label).toBe('避難所');
    expect(ja?.request.chatBarText).toBe('災害時メニュー');
  });
});
