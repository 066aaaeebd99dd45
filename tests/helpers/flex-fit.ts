// Measures what LINE would cut off in a Flex message or a quick reply, with the bundled font (see flex-fit.test.ts
// for the layout model): button labels, texts that do not wrap, table labels, and words too wide for their column.
import { createCanvas, type SKRSContext2D } from '@napi-rs/canvas';
import { ensureRichMenuFonts, FONT_FAMILY } from '../../src/line/richmenu/font.ts';

// The keyword tables as LINE's clients draw them (the simulator's flex-sizes.js holds the same values).
export const SPACING: Record<string, number> = { none: 0, xs: 2, sm: 4, md: 8, lg: 12, xl: 16, xxl: 20 };
export const FONT_SIZES: Record<string, number> = {
  xxs: 11,
  xs: 13,
  sm: 14,
  md: 16,
  lg: 19,
  xl: 22,
  xxl: 29,
  '3xl': 35,
  '4xl': 48,
  '5xl': 74,
};
export const BUBBLE_WIDTHS: Record<string, number> = {
  nano: 120,
  micro: 160,
  deca: 220,
  hecto: 241,
  kilo: 260,
  mega: 300,
  giga: 500,
};
/** A button's label sits between 16 px of padding on each side, at 16 px. */
export const BUTTON_PADDING = 16;
export const BUTTON_FONT = 16;
/** A quick-reply pill: 14 px text; wider than this (with its padding, ~235 px) it hides the next choice on a 360-dp phone. */
export const QUICK_REPLY_FONT = 14;
export const QUICK_REPLY_TEXT_MAX = 210;

export interface Overflow {
  where: string;
  kind: 'button' | 'single-line text' | 'table label' | 'word' | 'quick reply';
  text: string;
  width: number;
  available: number;
}

type Node = Record<string, unknown>;
const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);

let context: SKRSContext2D | null = null;
function g(): SKRSContext2D {
  if (context) return context;
  ensureRichMenuFonts();
  context = createCanvas(10, 10).getContext('2d');
  return context;
}

export function measure(text: string, px: number, bold = false): number {
  const ctx = g();
  ctx.font = `${px}px "${bold ? FONT_FAMILY.bold : FONT_FAMILY.regular}"`;
  return Math.max(...text.split('\n').map((line) => ctx.measureText(line).width));
}

function px(value: unknown, table: Record<string, number>, whole: number): number | undefined {
  if (typeof value !== 'string') return undefined;
  if (value in table) return table[value];
  if (/^\d+(\.\d+)?px$/.test(value)) return Number.parseFloat(value);
  if (/^\d+(\.\d+)?%$/.test(value)) return (whole * Number.parseFloat(value)) / 100;
  return undefined;
}

/** LINE's default padding of a bubble's block, by bubble size (as the simulator draws it). */
function blockPadding(block: string, size: string): number {
  if (block === 'hero') return 0;
  if (block === 'footer') return 10;
  if (size === 'nano' || size === 'micro') return 10;
  if (size === 'kilo') return 13;
  if (size === 'hecto' || size === 'deca') return 14;
  return 20;
}

/** Horizontal padding of a box inside `width`: its own paddingAll/Start/End or the block's default. */
function innerWidth(box: Node, width: number, defaultPadding: number): number {
  const all = px(box.paddingAll, SPACING, width) ?? defaultPadding;
  const start = px(box.paddingStart, SPACING, width) ?? all;
  const end = px(box.paddingEnd, SPACING, width) ?? all;
  return width - start - end;
}

// Latin words, numbers and the like: LINE breaks a wrapped text between them, never inside one.
const WORD = /[A-Za-z0-9À-ɏ'’.\-–/:()]+/g;

function checkText(node: Node, width: number, where: string, tableLabel: boolean, out: Overflow[]): void {
  const text = String(node.text ?? '');
  const size = px(node.size, FONT_SIZES, 0) ?? FONT_SIZES.md ?? 16;
  const bold = node.weight === 'bold';
  if (node.wrap !== true || tableLabel) {
    const w = measure(text, size, bold);
    if (w > width) {
      out.push({
        where,
        kind: node.wrap === true ? 'table label' : 'single-line text',
        text,
        width: w,
        available: width,
      });
    }
    return;
  }
  for (const word of text.match(WORD) ?? []) {
    const w = measure(word, size, bold);
    if (w > width)
      out.push({ where, kind: 'word', text: `${word} (in “${text}”)`, width: w, available: width });
  }
}

function walk(node: Node, width: number, where: string, out: Overflow[], defaultPadding = 0): void {
  if (node.type === 'box') {
    const inner = innerWidth(node, width, defaultPadding);
    const children = (Array.isArray(node.contents) ? node.contents : []).filter(isNode);
    if (node.layout === 'vertical') {
      children.forEach((child, i) => {
        walk(child, inner, `${where}[${i}]`, out);
      });
      return;
    }
    // horizontal / baseline: the room left after spacing and margins is shared by flex (default 1).
    const gaps = children.reduce((sum, child, i) => {
      if (i === 0) return sum;
      return sum + (px(child.margin, SPACING, inner) ?? px(node.spacing, SPACING, inner) ?? 0);
    }, 0);
    const flexOf = (child: Node) => (typeof child.flex === 'number' ? child.flex : 1);
    const total = children.reduce((sum, child) => sum + flexOf(child), 0) || 1;
    children.forEach((child, i) => {
      const share = ((inner - gaps) * flexOf(child)) / total;
      // A text followed by others in a row is a table label: it must read on one line.
      const label = child.type === 'text' && i < children.length - 1;
      if (label) checkText(child, share, `${where}[${i}]`, true, out);
      else walk(child, share, `${where}[${i}]`, out);
    });
    return;
  }
  if (node.type === 'text') {
    checkText(node, width, where, false, out);
    return;
  }
  if (node.type === 'button' && isNode(node.action)) {
    const label = String(node.action.label ?? '');
    const available = width - 2 * BUTTON_PADDING;
    const w = measure(label, BUTTON_FONT);
    if (w > available) out.push({ where, kind: 'button', text: label, width: w, available });
  }
}

/** Everything LINE would cut or break mid-word in one bubble. */
export function bubbleOverflows(bubble: Node, where: string): Overflow[] {
  const size = typeof bubble.size === 'string' ? bubble.size : 'mega';
  const width = BUBBLE_WIDTHS[size] ?? 300;
  const out: Overflow[] = [];
  for (const block of ['header', 'hero', 'body', 'footer']) {
    const box = bubble[block];
    if (isNode(box)) walk(box, width, `${where}.${block}`, out, blockPadding(block, size));
  }
  return out;
}

/** Every bubble of a Flex message (bubble or carousel) and every quick reply of any message. */
export function messageOverflows(message: unknown, where: string): Overflow[] {
  if (!isNode(message)) return [];
  const out: Overflow[] = [];
  if (message.type === 'flex' && isNode(message.contents)) {
    const contents = message.contents;
    if (contents.type === 'carousel' && Array.isArray(contents.contents)) {
      for (const [i, b] of contents.contents.filter(isNode).entries())
        out.push(...bubbleOverflows(b, `${where}[${i}]`));
    } else out.push(...bubbleOverflows(contents, where));
  }
  const quick =
    isNode(message.quickReply) && Array.isArray(message.quickReply.items) ? message.quickReply.items : [];
  quick.filter(isNode).forEach((item, i) => {
    if (!isNode(item.action)) return;
    const label = String(item.action.label ?? '');
    const display = item.action.displayText;
    const w = measure(label, QUICK_REPLY_FONT);
    // A label that is the first 20 characters of the text it posts was cut by the code (LINE's limit).
    if (
      typeof display === 'string' &&
      [...display].length > 20 &&
      [...display].slice(0, 20).join('') === label
    ) {
      out.push({
        where: `${where}.quickReply[${i}]`,
        kind: 'quick reply',
        text: `${display} (cut to ${label})`,
        width: w,
        available: QUICK_REPLY_TEXT_MAX,
      });
    } else if (w > QUICK_REPLY_TEXT_MAX || [...label].length > 20) {
      out.push({
        where: `${where}.quickReply[${i}]`,
        kind: 'quick reply',
        text: label,
        width: w,
        available: QUICK_REPLY_TEXT_MAX,
      });
    }
  });
  return out;
}

export function describe(o: Overflow): string {
  return `${o.where}: ${o.kind} “${o.text}” is ${Math.ceil(o.width)} px wide, ${Math.floor(o.available)} px available`;
}
