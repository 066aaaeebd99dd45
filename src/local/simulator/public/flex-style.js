// Flex Message components as CSS: flex shares, spacing and margins, position, boxes, texts, spans and buttons.
import {
  BORDER_WIDTHS,
  BUTTON_COLORS,
  BUTTON_HEIGHTS,
  color,
  DEFAULT_TEXT_COLOR,
  fontSize,
  length,
  SPACING,
} from './flex-sizes.js';

export * from './flex-sizes.js';

/**
 * The CSS `flex` of a component in its parent box. In a horizontal box components share the width by their
 * `flex` (default 1); in a vertical box they keep their height (default 0) unless given a ratio.
 */
export function flexValue(component, parentLayout) {
  const horizontal = parentLayout === 'horizontal' || parentLayout === 'baseline';
  const type = component.type;
  if (type === 'separator' || type === 'icon' || type === 'spacer') return '0 0 auto';
  let flex = component.flex;
  if (typeof flex !== 'number' || !Number.isFinite(flex) || flex < 0) {
    // A fixed width wins over the default share: LINE treats such a box as not flexible.
    if (horizontal && type === 'box' && length(component.width) !== undefined) return '0 0 auto';
    flex = type === 'filler' ? 1 : horizontal ? 1 : 0;
  }
  if (flex === 0) return '0 0 auto';
  return horizontal ? `${flex} 0 0` : `${flex} 0 auto`;
}

const MARGIN_SIDE = { vertical: 'margin-top', horizontal: 'margin-left', baseline: 'margin-left' };

/**
 * Layout CSS of the `index`-th child of a box: flex share, the space before it (the component's `margin`,
 * else the box's `spacing` between children), and its position and offsets.
 */
export function childLayoutStyle(component, parent, index, direction = 'ltr') {
  const layout = parent.layout === 'horizontal' || parent.layout === 'baseline' ? parent.layout : 'vertical';
  const style = { flex: flexValue(component, layout) };
  const absolute = component.position === 'absolute';
  let side = MARGIN_SIDE[layout];
  if (direction === 'rtl' && side === 'margin-left') side = 'margin-right';
  if (!absolute) {
    const margin = length(component.margin, SPACING, { percent: false });
    const spacing =
      index > 0 && component.type !== 'filler' && component.type !== 'spacer'
        ? length(parent.spacing, SPACING, { percent: false })
        : undefined;
    const before = margin ?? spacing;
    if (before !== undefined && before !== '0px') style[side] = before;
  }
  Object.assign(style, positionStyle(component, direction));
  return style;
}

/** position/offsets: absolute is relative to the parent box; relative shifts the component itself. */
export function positionStyle(component, direction = 'ltr') {
  const style = {};
  const absolute = component.position === 'absolute';
  style.position = absolute ? 'absolute' : 'relative';
  const start = direction === 'rtl' ? 'right' : 'left';
  const end = direction === 'rtl' ? 'left' : 'right';
  const offsets = [
    ['offsetTop', 'top'],
    ['offsetBottom', 'bottom'],
    ['offsetStart', start],
    ['offsetEnd', end],
  ];
  for (const [key, css] of offsets) {
    const value = length(component[key]);
    if (value !== undefined) style[css] = value;
  }
  return style;
}

const JUSTIFY = {
  'flex-start': 'flex-start',
  'flex-end': 'flex-end',
  center: 'center',
  'space-between': 'space-between',
  'space-around': 'space-around',
  'space-evenly': 'space-evenly',
};
const ALIGN_ITEMS = { 'flex-start': 'flex-start', 'flex-end': 'flex-end', center: 'center' };

/** A box's own CSS (not its place in the parent): direction, padding, colours, border, sizes. */
export function boxStyle(box, defaultPadding) {
  const layout = box.layout === 'horizontal' || box.layout === 'baseline' ? box.layout : 'vertical';
  const style = {
    display: 'flex',
    'flex-direction': layout === 'vertical' ? 'column' : 'row',
  };
  if (layout === 'baseline') style['align-items'] = 'baseline';
  const justify = JUSTIFY[box.justifyContent];
  if (justify) style['justify-content'] = justify;
  const align = ALIGN_ITEMS[box.alignItems];
  if (align) style['align-items'] = align;

  const pad = { ...(defaultPadding ?? { top: 0, right: 0, bottom: 0, left: 0 }) };
  const sides = {
    top: `${pad.top}px`,
    right: `${pad.right}px`,
    bottom: `${pad.bottom}px`,
    left: `${pad.left}px`,
  };
  const all = length(box.paddingAll);
  if (all !== undefined) for (const side of Object.keys(sides)) sides[side] = all;
  const each = [
    ['paddingTop', 'top'],
    ['paddingBottom', 'bottom'],
    ['paddingStart', 'left'],
    ['paddingEnd', 'right'],
  ];
  for (const [key, side] of each) {
    const value = length(box[key]);
    if (value !== undefined) sides[side] = value;
  }
  style.padding = `${sides.top} ${sides.right} ${sides.bottom} ${sides.left}`;

  const background = color(box.backgroundColor);
  if (background) style['background-color'] = background;
  const gradient = linearGradient(box.background);
  if (gradient) style['background-image'] = gradient;
  const borderColor = color(box.borderColor);
  const borderWidth = length(box.borderWidth, BORDER_WIDTHS, { percent: false });
  if (borderWidth !== undefined || borderColor) {
    style.border = `${borderWidth ?? '1px'} solid ${borderColor ?? '#000000'}`;
  }
  const radius = length(box.cornerRadius, SPACING, { percent: false });
  if (radius !== undefined) style['border-radius'] = radius;
  for (const [key, css] of [
    ['width', 'width'],
    ['maxWidth', 'max-width'],
    ['height', 'height'],
    ['maxHeight', 'max-height'],
  ]) {
    const value = length(box[key], {});
    if (value !== undefined) style[css] = value;
  }
  return style;
}

/** The box `background` object (only linearGradient exists) as a CSS gradient. */
export function linearGradient(background) {
  if (background?.type !== 'linearGradient') return undefined;
  const start = color(background.startColor);
  const end = color(background.endColor);
  if (!start || !end) return undefined;
  const angle = /^-?\d+(\.\d+)?deg$/.test(background.angle ?? '') ? background.angle : '0deg';
  const center = color(background.centerColor);
  const position = /^\d+(\.\d+)?%$/.test(background.centerPosition ?? '') ? background.centerPosition : '50%';
  // LINE's 0deg points from bottom to top, as CSS does.
  return center
    ? `linear-gradient(${angle}, ${start} 0%, ${center} ${position}, ${end} 100%)`
    : `linear-gradient(${angle}, ${start} 0%, ${end} 100%)`;
}

const TEXT_ALIGN = { start: 'start', end: 'end', center: 'center' };
const GRAVITY = { top: 'flex-start', center: 'center', bottom: 'flex-end' };

/** CSS of a text component's line(s): size, weight, colour, alignment, wrapping and line limit. */
export function textStyle(text) {
  const style = {
    'font-size': fontSize(text.size),
    color: color(text.color) ?? DEFAULT_TEXT_COLOR,
    'font-weight': text.weight === 'bold' ? '700' : '400',
    'font-style': text.style === 'italic' ? 'italic' : 'normal',
    'text-decoration': decoration(text.decoration),
    'text-align': TEXT_ALIGN[text.align] ?? 'start',
  };
  const lineSpacing = length(text.lineSpacing, {}, { percent: false });
  if (lineSpacing) style['line-height'] = `calc(1.4em + ${lineSpacing})`;
  if (text.wrap === true) {
    style['white-space'] = 'pre-wrap';
    style['overflow-wrap'] = 'anywhere';
    if (Number.isInteger(text.maxLines) && text.maxLines > 0) {
      style.display = '-webkit-box';
      style['-webkit-box-orient'] = 'vertical';
      style['-webkit-line-clamp'] = String(text.maxLines);
      style.overflow = 'hidden';
    }
  } else {
    // Unwrapped text stays on one line and ends with an ellipsis, as in LINE.
    style['white-space'] = 'nowrap';
    style.overflow = 'hidden';
    style['text-overflow'] = 'ellipsis';
  }
  return style;
}

/** Vertical placement inside a stretched component (`gravity`). */
export function gravityStyle(value) {
  const justify = GRAVITY[value];
  return justify ? { 'justify-content': justify } : {};
}

/** Horizontal placement of an image inside its cell (`align`, default centre). */
export function imageAlign(value) {
  return { start: 'flex-start', end: 'flex-end' }[value] ?? 'center';
}

export function decoration(value) {
  return value === 'underline' || value === 'line-through' ? value : 'none';
}

/** CSS of a span inside a text. */
export function spanStyle(span) {
  const style = {};
  if (span.size !== undefined) style['font-size'] = fontSize(span.size);
  const spanColor = color(span.color);
  if (spanColor) style.color = spanColor;
  if (span.weight === 'bold') style['font-weight'] = '700';
  if (span.weight === 'regular') style['font-weight'] = '400';
  if (span.style === 'italic') style['font-style'] = 'italic';
  if (span.decoration) style['text-decoration'] = decoration(span.decoration);
  return style;
}

/** Colours and height of a button by its style. */
export function buttonStyle(button) {
  const kind = button.style === 'primary' || button.style === 'secondary' ? button.style : 'link';
  const base = BUTTON_COLORS[kind];
  const custom = color(button.color);
  const height = BUTTON_HEIGHTS[button.height === 'sm' ? 'sm' : 'md'];
  return {
    kind,
    style: {
      'background-color': kind === 'link' ? 'transparent' : (custom ?? base.background),
      color: kind === 'link' ? (custom ?? base.text) : base.text,
      height: `${height}px`,
    },
  };
}
