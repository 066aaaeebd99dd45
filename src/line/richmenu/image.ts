// Draws a tab's menu image (tab bar + labelled tiles) from the same layout as its request: same data, same bytes.
import { createCanvas, type SKRSContext2D } from '@napi-rs/canvas';
import type { Language } from '../../i18n/languages.ts';
import { RICH_MENU, type RichMenuDefinition, type TabId } from './definition.ts';
import { ensureRichMenuFonts, FONT_FAMILY } from './font.ts';
import { drawIcon } from './icons.ts';
import { richMenuText } from './labels.ts';
import { type Bounds, findTab, type LayoutArea, layoutTab } from './layout.ts';
import { type FitOptions, fitText } from './text-fit.ts';

export class RichMenuTextOverflowError extends Error {
  readonly code = 'RICHMENU_TEXT_OVERFLOW';
}

function drawFitted(
  g: SKRSContext2D,
  text: string,
  options: FitOptions,
  centreX: number,
  centreY: number,
  where: string,
): void {
  const fitted = fitText(g, text, options);
  // A text that cannot fit is a translation to shorten, not something to clip silently.
  if (!fitted) throw new RichMenuTextOverflowError(`${where}: "${text}" does not fit its tile`);
  g.font = `${fitted.size}px "${options.family}"`;
  g.textAlign = 'center';
  g.textBaseline = 'middle';
  const lineHeight = fitted.size * 1.18;
  const firstY = centreY - ((fitted.lines.length - 1) * lineHeight) / 2;
  fitted.lines.forEach((line, i) => {
    g.fillText(line, centreX, firstY + i * lineHeight);
  });
}

// Half a gutter on each side between tiles, a whole one along the image's edges, so every gap looks the same.
function tileRect(bounds: Bounds, d: RichMenuDefinition): Bounds {
  const half = d.gutter / 2;
  const left = bounds.x === 0 ? d.gutter : half;
  const right = bounds.x + bounds.width === d.size.width ? d.gutter : half;
  const bottom = bounds.y + bounds.height === d.size.height ? d.gutter : half;
  return {
    x: bounds.x + left,
    y: bounds.y + half,
    width: bounds.width - left - right,
    height: bounds.height - half - bottom,
  };
}

function drawTabButton(
  g: SKRSContext2D,
  area: LayoutArea & { target: { kind: 'tab' } },
  active: boolean,
  lang: Language,
  d: RichMenuDefinition,
): void {
  const { x, y, width, height } = area.bounds;
  const { theme } = d;
  g.fillStyle = active ? theme.tabActive : theme.tabInactive;
  g.fillRect(x, y, width, height);
  if (active) {
    // The accent bar under the active tab says "you are here" without relying on colour contrast alone.
    g.fillStyle = theme.accent;
    g.fillRect(x, y + height - 18, width, 18);
  }
  g.fillStyle = active ? theme.tabActiveText : theme.tabInactiveText;
  const family = active ? FONT_FAMILY.bold : FONT_FAMILY.regular;
  const fit = { family, maxSize: 96, minSize: 60, maxWidth: width - 120, maxLines: 1 };
  drawFitted(g, richMenuText(lang, area.target.labelKey), fit, x + width / 2, y + height / 2 - 6, 'tab');
}

function drawTile(
  g: SKRSContext2D,
  area: LayoutArea & { target: { kind: 'item' } },
  lang: Language,
  d: RichMenuDefinition,
): void {
  const tile = tileRect(area.bounds, d);
  const item = d.items[area.target.item];
  g.fillStyle = d.theme.tile;
  g.beginPath();
  g.roundRect(tile.x, tile.y, tile.width, tile.height, 36);
  g.fill();

  const centreX = tile.x + tile.width / 2;
  const disc = Math.min(tile.width, tile.height) * 0.36;
  const discY = tile.y + tile.height * 0.3;
  g.fillStyle = item.color;
  g.beginPath();
  g.arc(centreX, discY, disc / 2, 0, Math.PI * 2);
  g.fill();
  drawIcon(g, item.icon, centreX, discY, disc * 0.6, item.color);

  const textWidth = tile.width - 120;
  g.fillStyle = d.theme.text;
  const label = { family: FONT_FAMILY.bold, maxSize: 92, minSize: 64, maxWidth: textWidth, maxLines: 2 };
  drawFitted(
    g,
    richMenuText(lang, item.labelKey),
    label,
    centreX,
    tile.y + tile.height * 0.64,
    area.target.item,
  );
  g.fillStyle = d.theme.caption;
  const caption = { family: FONT_FAMILY.regular, maxSize: 54, minSize: 40, maxWidth: textWidth, maxLines: 1 };
  drawFitted(
    g,
    richMenuText(lang, item.captionKey),
    caption,
    centreX,
    tile.y + tile.height * 0.86,
    area.target.item,
  );
}

/** The PNG for `tab` in `lang`, exactly the menu's size; deterministic for the same data, font and renderer. */
export function renderRichMenuImage(
  tab: TabId,
  lang: Language,
  definition: RichMenuDefinition = RICH_MENU,
): Buffer {
  ensureRichMenuFonts();
  const { width, height } = definition.size;
  const canvas = createCanvas(width, height);
  const g = canvas.getContext('2d');
  g.fillStyle = definition.theme.background;
  g.fillRect(0, 0, width, height);
  for (const area of layoutTab(definition, findTab(definition, tab))) {
    const { target } = area;
    if (target.kind === 'tab') {
      drawTabButton(g, { ...area, target }, target.tab === tab, lang, definition);
    } else {
      drawTile(g, { ...area, target }, lang, definition);
    }
  }
  return canvas.encodeSync('png');
}
