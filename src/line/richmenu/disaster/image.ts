// Draws the disaster menu image with the same font, icons and text fitting as the everyday menus.
import { createCanvas, type SKRSContext2D } from '@napi-rs/canvas';
import type { Language } from '../../../i18n/languages.ts';
import { ensureRichMenuFonts, FONT_FAMILY } from '../font.ts';
import { drawIcon } from '../icons.ts';
import { RichMenuTextOverflowError } from '../image.ts';
import type { Bounds } from '../layout.ts';
import { type FitOptions, fitText } from '../text-fit.ts';
import type { DisasterMenuDefinition, DisasterTile } from './definition.ts';
import { layoutDisasterMenu } from './layout.ts';
import { disasterMenuText } from './texts.ts';

function drawFitted(g: SKRSContext2D, text: string, options: FitOptions, cx: number, cy: number): void {
  const fitted = fitText(g, text, options);
  if (!fitted) throw new RichMenuTextOverflowError(`disaster menu: "${text}" does not fit its tile`);
  g.font = `${fitted.size}px "${options.family}"`;
  g.textAlign = 'center';
  g.textBaseline = 'middle';
  const lineHeight = fitted.size * 1.18;
  const firstY = cy - ((fitted.lines.length - 1) * lineHeight) / 2;
  fitted.lines.forEach((line, i) => {
    g.fillText(line, cx, firstY + i * lineHeight);
  });
}

function drawTile(
  g: SKRSContext2D,
  bounds: Bounds,
  tile: DisasterTile,
  lang: Language,
  d: DisasterMenuDefinition,
) {
  const half = d.gutter / 2;
  const left = bounds.x === 0 ? d.gutter : half;
  const right = bounds.x + bounds.width === d.size.width ? d.gutter : half;
  const bottom = bounds.y + bounds.height === d.size.height ? d.gutter : half;
  const r = {
    x: bounds.x + left,
    y: bounds.y + half,
    width: bounds.width - left - right,
    height: bounds.height - half - bottom,
  };
  g.fillStyle = d.theme.tile;
  g.beginPath();
  g.roundRect(r.x, r.y, r.width, r.height, 36);
  g.fill();
  const cx = r.x + r.width / 2;
  const disc = Math.min(r.width, r.height) * 0.36;
  const discY = r.y + r.height * 0.3;
  g.fillStyle = tile.color;
  g.beginPath();
  g.arc(cx, discY, disc / 2, 0, Math.PI * 2);
  g.fill();
  drawIcon(g, tile.icon, cx, discY, disc * 0.6, tile.color);
  const maxWidth = r.width - 120;
  g.fillStyle = d.theme.text;
  const label = { family: FONT_FAMILY.bold, maxSize: 96, minSize: 60, maxWidth, maxLines: 2 };
  drawFitted(g, disasterMenuText(lang, `tiles.${tile.key}.label`), label, cx, r.y + r.height * 0.64);
  g.fillStyle = d.theme.caption;
  const caption = { family: FONT_FAMILY.regular, maxSize: 54, minSize: 38, maxWidth, maxLines: 1 };
  drawFitted(g, disasterMenuText(lang, `tiles.${tile.key}.caption`), caption, cx, r.y + r.height * 0.86);
}

/** The PNG of the disaster menu in `lang`, exactly the menu's size; deterministic for the same data. */
export function renderDisasterMenuImage(lang: Language, d: DisasterMenuDefinition): Buffer {
  ensureRichMenuFonts();
  const { width, height } = d.size;
  const canvas = createCanvas(width, height);
  const g = canvas.getContext('2d');
  g.fillStyle = d.theme.background;
  g.fillRect(0, 0, width, height);
  for (const area of layoutDisasterMenu(d)) {
    if (area.kind === 'header') {
      const { x, y, width: w, height: h } = area.bounds;
      g.fillStyle = d.theme.header;
      g.fillRect(x, y, w, h);
      g.fillStyle = d.theme.headerText;
      const fit = { family: FONT_FAMILY.bold, maxSize: 104, minSize: 56, maxWidth: w - 160, maxLines: 1 };
      drawFitted(g, disasterMenuText(lang, 'header'), fit, x + w / 2, y + h / 2);
    } else {
      drawTile(g, area.bounds, area.tile, lang, d);
    }
  }
  return canvas.encodeSync('png');
}
