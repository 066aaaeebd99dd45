// Flex Message keyword sizes, colours and defaults as LINE's clients draw them, and the value parsers.

/** Spacing, margin, padding, offset and corner radius keywords, in px. */
export const SPACING = { none: 0, xs: 2, sm: 4, md: 8, lg: 12, xl: 16, xxl: 20 };
/** Text, span and icon size keywords, in px. */
export const FONT_SIZES = {
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
/** Image size keywords: the image's width. */
export const IMAGE_SIZES = {
  xxs: '40px',
  xs: '60px',
  sm: '80px',
  md: '100px',
  lg: '120px',
  xl: '140px',
  xxl: '160px',
  '3xl': '180px',
  '4xl': '200px',
  '5xl': '240px',
  full: '100%',
};
export const BORDER_WIDTHS = { none: 0, light: 0.5, normal: 1, medium: 2, 'semi-bold': 3, bold: 4 };
/** A bubble's maximum width by its `size`. */
export const BUBBLE_WIDTHS = {
  nano: 120,
  micro: 160,
  deca: 220,
  hecto: 241,
  kilo: 260,
  mega: 300,
  giga: 500,
};

export const DEFAULT_TEXT_COLOR = '#111111';
export const DEFAULT_SEPARATOR_COLOR = '#D4D6DA';
export const BUTTON_COLORS = {
  primary: { background: '#17C950', text: '#FFFFFF' },
  secondary: { background: '#DCDFE5', text: '#111111' },
  link: { background: 'transparent', text: '#42659A' },
};
export const BUTTON_HEIGHTS = { sm: 40, md: 52 };

const PX = /^\d+(\.\d+)?px$/;
const PERCENT = /^\d+(\.\d+)?%$/;
const COLOR = /^#([0-9a-fA-F]{6}|[0-9a-fA-F]{8})$/;

/** A CSS length from a keyword of `table` (px numbers), "12px" or "40%"; undefined for anything else. */
export function length(value, table = SPACING, { percent = true } = {}) {
  if (typeof value !== 'string') return undefined;
  if (Object.hasOwn(table, value)) {
    const size = table[value];
    return typeof size === 'number' ? `${size}px` : size;
  }
  if (PX.test(value)) return value;
  if (percent && PERCENT.test(value)) return value;
  return undefined;
}

/** LINE colours are #RRGGBB or #RRGGBBAA; anything else is ignored rather than passed into CSS. */
export function color(value) {
  return typeof value === 'string' && COLOR.test(value) ? value : undefined;
}

/** Font size of a text, span or icon: keyword or px. */
export function fontSize(value, fallback = 'md') {
  return length(value, FONT_SIZES, { percent: false }) ?? `${FONT_SIZES[fallback]}px`;
}

/** "W:H" → the CSS aspect-ratio "W / H"; LINE's default is 1:1. */
export function aspectRatio(value) {
  const match = typeof value === 'string' ? /^(\d+(?:\.\d+)?):(\d+(?:\.\d+)?)$/.exec(value) : null;
  if (!match) return '1 / 1';
  const [w, hgt] = [Number(match[1]), Number(match[2])];
  return w > 0 && hgt > 0 ? `${w} / ${hgt}` : '1 / 1';
}

/** The padding LINE gives a bubble block's root box, by bubble size; the box's own padding overrides it. */
export function blockPadding(block, size = 'mega', hasFooter = false) {
  const small = size === 'nano' || size === 'micro';
  const medium = size === 'hecto' || size === 'deca';
  if (block === 'hero') return { top: 0, right: 0, bottom: 0, left: 0 };
  if (block === 'footer') return { top: 10, right: 10, bottom: 10, left: 10 };
  let padding;
  if (small) padding = { top: 10, right: 10, bottom: 10, left: 10 };
  else if (size === 'kilo') padding = { top: 13, right: 13, bottom: 13, left: 13 };
  else if (medium) padding = { top: 11, right: 14, bottom: 13, left: 14 };
  else padding = { top: block === 'body' ? 19 : 20, right: 20, bottom: 20, left: 20 };
  if (block === 'body' && hasFooter && !small) {
    padding = { ...padding, bottom: size === 'mega' || size === 'giga' ? 10 : 17 };
  }
  return padding;
}

/** Corner radius of the bubble itself, by size. */
export function bubbleRadius(size = 'mega') {
  if (size === 'mega') return 17;
  if (size === 'giga') return 5;
  return 10;
}

/** A tiny size for `spacer` (deprecated, still rendered by LINE). */
export function spacerSize(value) {
  return length(value ?? 'md', SPACING, { percent: false }) ?? '8px';
}
