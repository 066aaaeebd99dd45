// Menu images: LINE's image rules, the menu's exact size, byte-for-byte determinism, and the packaged font.
import { createCanvas, GlobalFonts } from '@napi-rs/canvas';
import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../src/i18n/languages.ts';
import { RICH_MENU, TAB_IDS } from '../../src/line/richmenu/definition.ts';
import { ensureRichMenuFonts, FONT_FAMILY, fontPath } from '../../src/line/richmenu/font.ts';
import { renderRichMenuImage } from '../../src/line/richmenu/image.ts';
import { fitText } from '../../src/line/richmenu/text-fit.ts';
import { checkRichMenuImage, readImageInfo } from '../../src/line/richmenu/validate.ts';

describe('renderRichMenuImage', () => {
  for (const lang of LANGUAGES) {
    for (const tab of TAB_IDS) {
      it(`${tab}-${lang}: a PNG of the menu's size within LINE's limits`, () => {
        const png = renderRichMenuImage(tab, lang);
        expect(readImageInfo(png)).toEqual({ format: 'png', width: 2500, height: 1686 });
        expect(png.length).toBeLessThanOrEqual(1_000_000);
        expect(checkRichMenuImage(png, RICH_MENU.size)).toEqual([]);
      });
    }
  }

  it('renders the same bytes for the same data, and different bytes per tab and language', () => {
    const first = renderRichMenuImage('main', 'ja');
    expect(renderRichMenuImage('main', 'ja').equals(first)).toBe(true);
    expect(renderRichMenuImage('mine', 'ja').equals(first)).toBe(false);
    expect(renderRichMenuImage('main', 'en').equals(first)).toBe(false);
  });

  it('follows the theme colours in the data', () => {
    const theme = { ...RICH_MENU.theme, background: '#000000' };
    const other = renderRichMenuImage('main', 'ja', { ...RICH_MENU, theme });
    expect(other.equals(renderRichMenuImage('main', 'ja'))).toBe(false);
  });
});

describe('menu font', () => {
  it('comes from the npm package and has Japanese glyphs', () => {
    expect(fontPath('bold')).toMatch(/node_modules\/@expo-google-fonts\/biz-udpgothic\/.+\.ttf$/);
    ensureRichMenuFonts();
    expect(GlobalFonts.has(FONT_FAMILY.bold)).toBe(true);
    expect(GlobalFonts.has(FONT_FAMILY.regular)).toBe(true);
    // Without a font that has the glyphs every kanji is drawn as the same "tofu" box.
    const glyph = (char: string) => {
      const canvas = createCanvas(120, 120);
      const g = canvas.getContext('2d');
      g.font = `100px "${FONT_FAMILY.bold}"`;
      g.fillText(char, 10, 100);
      return canvas.encodeSync('png');
    };
    const [shin, koku] = [glyph('申'), glyph('告')];
    expect(shin.equals(koku)).toBe(false);
    expect(shin.equals(glyph('申'))).toBe(true);
  });
});

describe('fitText', () => {
  ensureRichMenuFonts();
  const g = createCanvas(10, 10).getContext('2d');
  const base = { family: FONT_FAMILY.bold, maxSize: 92, minSize: 64, maxLines: 2 };

  it('keeps a short label on one line at the largest size', () => {
    expect(fitText(g, '防災', { ...base, maxWidth: 700 })).toEqual({ size: 92, lines: ['防災'] });
  });

  it('breaks at spaces and separators before breaking inside a word', () => {
    const fitted = fitText(g, 'しんこくの よやく', { ...base, maxSize: 200, minSize: 180, maxWidth: 1000 });
    expect(fitted?.lines).toEqual(['しんこくの', 'よやく']);
    const dots = fitText(g, '健診・手当・相談窓口', { ...base, maxSize: 200, minSize: 200, maxWidth: 1300 });
    expect(dots?.lines).toEqual(['健診・手当・', '相談窓口']);
  });

  it('refuses text that cannot fit rather than clipping it', () => {
    expect(fitText(g, 'Extraordinarily long tile label text', { ...base, maxWidth: 300 })).toBeNull();
  });
});
