// Renders Flex Message contents (bubble or carousel) into DOM elements that look like LINE's.
import { h, safeImageUrl, safeUri, setStyle } from './dom.js';
import {
  aspectRatio,
  BUBBLE_WIDTHS,
  blockPadding,
  boxStyle,
  bubbleRadius,
  buttonStyle,
  childLayoutStyle,
  color,
  DEFAULT_SEPARATOR_COLOR,
  fontSize,
  gravityStyle,
  IMAGE_SIZES,
  imageAlign,
  length,
  spacerSize,
  spanStyle,
  textStyle,
} from './flex-style.js';

/**
 * The Flex contents as an element. `onAction(action)` runs every tapped action except `uri`, which is a real
 * link (opens in a new tab; tel: and mailto: as the browser handles them).
 */
export function renderFlex(contents, { onAction }) {
  const ctx = { onAction, direction: 'ltr' };
  if (contents?.type === 'carousel') {
    const items = (Array.isArray(contents.contents) ? contents.contents : []).map((bubble) => {
      const size = bubbleSize(bubble);
      return h(
        'div',
        { className: 'fx-carousel-item', style: { 'max-width': `${BUBBLE_WIDTHS[size]}px` } },
        renderBubble(bubble, ctx),
      );
    });
    return h(
      'div',
      { className: 'fx-carousel', attrs: { 'data-testid': 'flex-carousel' } },
      h('div', { className: 'fx-carousel-inner' }, items),
    );
  }
  if (contents?.type === 'bubble') {
    const size = bubbleSize(contents);
    return h(
      'div',
      { className: 'fx-single', style: { 'max-width': `${BUBBLE_WIDTHS[size]}px` } },
      renderBubble(contents, ctx),
    );
  }
  return h('div', { className: 'fx-unsupported', text: '[Flex message]' });
}

function bubbleSize(bubble) {
  return Object.hasOwn(BUBBLE_WIDTHS, bubble?.size) ? bubble.size : 'mega';
}

function renderBubble(bubble, parentCtx) {
  const size = bubbleSize(bubble);
  const direction = bubble.direction === 'rtl' ? 'rtl' : 'ltr';
  const ctx = { ...parentCtx, direction };
  const el = actionTarget('div', bubble.action, ctx);
  el.classList.add('fx-bubble', `fx-size-${size}`);
  el.setAttribute('dir', direction);
  el.dataset.testid = 'flex-bubble';
  setStyle(el, { 'border-radius': `${bubbleRadius(size)}px` });
  const styles = bubble.styles ?? {};
  const hasFooter = Boolean(bubble.footer);
  let first = true;
  for (const name of ['header', 'hero', 'body', 'footer']) {
    const content = bubble[name];
    if (!content || typeof content !== 'object') continue;
    const blockStyle = styles[name] ?? {};
    const block = h('div', { className: `fx-block fx-${name}` });
    const background = color(blockStyle.backgroundColor);
    if (background) block.style.setProperty('background-color', background);
    if (blockStyle.separator === true && !first) {
      block.style.setProperty(
        'border-top',
        `1px solid ${color(blockStyle.separatorColor) ?? DEFAULT_SEPARATOR_COLOR}`,
      );
    }
    const padding = blockPadding(name, size, hasFooter);
    const root =
      content.type === 'box'
        ? renderBox(content, ctx, padding)
        : renderComponent(content, { layout: 'vertical' }, 0, ctx);
    if (root) {
      root.classList.add('fx-block-root');
      block.append(root);
    }
    el.append(block);
    first = false;
  }
  return el;
}

/**
 * The element a tappable component is built on: a link for `uri` actions, a focusable button-like element
 * for the others, a plain element without an action.
 */
function actionTarget(tag, action, ctx) {
  if (!action || typeof action !== 'object') return h(tag);
  if (action.type === 'uri') {
    const href = safeUri(action.uri);
    const link = h('a', {
      attrs: { href, target: '_blank', rel: 'noopener noreferrer', 'aria-label': action.label },
    });
    link.addEventListener('click', (event) => {
      event.stopPropagation();
      if (!href) event.preventDefault();
    });
    return link;
  }
  const el = h(tag, { attrs: { role: 'button', tabindex: '0', 'aria-label': action.label } });
  const fire = (event) => {
    event.preventDefault();
    event.stopPropagation();
    ctx.onAction(action);
  };
  el.addEventListener('click', fire);
  el.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' || event.key === ' ') fire(event);
  });
  return el;
}

function renderBox(box, ctx, defaultPadding) {
  const el = actionTarget('div', box.action, ctx);
  const layout = box.layout === 'horizontal' || box.layout === 'baseline' ? box.layout : 'vertical';
  el.classList.add('fx-box', `fx-${layout}`);
  setStyle(el, boxStyle(box, defaultPadding));
  const contents = Array.isArray(box.contents) ? box.contents : [];
  contents.forEach((child, index) => {
    const childEl = renderComponent(child, { ...box, layout }, index, ctx);
    if (childEl) el.append(childEl);
  });
  return el;
}

function renderComponent(component, parent, index, ctx) {
  if (!component || typeof component !== 'object') return null;
  const el = componentElement(component, parent, ctx);
  if (!el) return null;
  setStyle(el, childLayoutStyle(component, parent, index, ctx.direction));
  return el;
}

function componentElement(component, parent, ctx) {
  switch (component.type) {
    case 'box':
      return renderBox(component, ctx);
    case 'text':
      return renderText(component, ctx);
    case 'image':
      return renderImage(component, ctx);
    case 'button':
      return renderButton(component, ctx);
    case 'icon':
      return renderIcon(component);
    case 'separator':
      return renderSeparator(component, parent);
    case 'filler':
      return h('div', { className: 'fx-filler' });
    case 'spacer':
      return renderSpacer(component, parent);
    case 'video':
      return renderVideo(component, ctx);
    default:
      return null;
  }
}

function renderText(text, ctx) {
  const el = actionTarget('div', text.action, ctx);
  el.classList.add('fx-text');
  setStyle(el, gravityStyle(text.gravity));
  const line = h('p', { className: 'fx-text-line', style: textStyle(text) });
  const spans = Array.isArray(text.contents) ? text.contents.filter((span) => span?.type === 'span') : [];
  if (spans.length > 0) {
    for (const span of spans) line.append(h('span', { text: span.text ?? '', style: spanStyle(span) }));
  } else {
    line.textContent = typeof text.text === 'string' ? text.text : '';
  }
  el.append(line);
  if (text.adjustMode === 'shrink-to-fit') shrinkToFit(line);
  return el;
}

/** adjustMode shrink-to-fit: once laid out, the font gets smaller until the text fits its space. */
function shrinkToFit(el) {
  const observer = new ResizeObserver(() => {
    observer.disconnect();
    let size = Number.parseFloat(getComputedStyle(el).fontSize);
    const overflows = () => el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1;
    while (overflows() && size > 6) {
      size -= 1;
      el.style.setProperty('font-size', `${size}px`);
    }
  });
  observer.observe(el);
}

function renderImage(image, ctx) {
  const el = h('div', { className: 'fx-image', style: { 'align-items': imageAlign(image.align) } });
  setStyle(el, gravityStyle(image.gravity));
  const frame = actionTarget('div', image.action, ctx);
  frame.classList.add('fx-image-frame');
  setStyle(frame, {
    width: length(image.size ?? 'md', IMAGE_SIZES) ?? IMAGE_SIZES.md,
    'aspect-ratio': aspectRatio(image.aspectRatio),
    'background-color': color(image.backgroundColor),
  });
  const src = safeImageUrl(image.url);
  if (src) {
    frame.append(
      h('img', {
        attrs: { src, alt: '', loading: 'lazy', draggable: 'false' },
        style: { 'object-fit': image.aspectMode === 'cover' ? 'cover' : 'contain' },
      }),
    );
  }
  el.append(frame);
  return el;
}

function renderButton(button, ctx) {
  const el = h('div', { className: 'fx-button' });
  setStyle(el, gravityStyle(button.gravity));
  const { kind, style } = buttonStyle(button);
  const action = button.action ?? {};
  let target;
  if (action.type === 'uri') {
    target = actionTarget('a', action, ctx);
  } else {
    target = h('button', { attrs: { type: 'button' } });
    target.addEventListener('click', (event) => {
      event.stopPropagation();
      ctx.onAction(action);
    });
  }
  target.classList.add('fx-btn', `fx-btn-${kind}`);
  setStyle(target, style);
  const label = h('span', { className: 'fx-btn-label', text: action.label ?? '' });
  target.append(label);
  el.append(target);
  if (button.adjustMode === 'shrink-to-fit') shrinkToFit(label);
  return el;
}

function renderIcon(icon) {
  const el = h('div', { className: 'fx-icon', style: { 'font-size': fontSize(icon.size) } });
  const [w, hgt] = aspectRatio(icon.aspectRatio).split(' / ').map(Number);
  const src = safeImageUrl(icon.url);
  el.append(
    h('img', {
      attrs: { src, alt: '' },
      style: { height: '1em', width: `${(w ?? 1) / (hgt ?? 1)}em` },
    }),
  );
  return el;
}

function renderSeparator(separator, parent) {
  const line = `1px solid ${color(separator.color) ?? DEFAULT_SEPARATOR_COLOR}`;
  const vertical = parent.layout === 'vertical';
  return h('div', {
    className: 'fx-separator',
    style: vertical ? { 'border-top': line } : { 'border-left': line, 'align-self': 'stretch' },
  });
}

function renderSpacer(spacer, parent) {
  const size = spacerSize(spacer.size);
  const vertical = parent.layout === 'vertical';
  return h('div', { className: 'fx-spacer', style: vertical ? { height: size } : { width: size } });
}

function renderVideo(video, ctx) {
  const el = h('div', { className: 'fx-video', style: { 'aspect-ratio': aspectRatio(video.aspectRatio) } });
  const preview = safeImageUrl(video.previewUrl);
  const href = safeUri(video.url);
  const link = h('a', {
    attrs: { href, target: '_blank', rel: 'noopener noreferrer', 'aria-label': 'video' },
  });
  if (preview) link.append(h('img', { attrs: { src: preview, alt: '' } }));
  link.append(h('span', { className: 'fx-video-play', text: '▶' }));
  el.append(link);
  if (!preview && video.altContent) {
    const alt = renderComponent(video.altContent, { layout: 'vertical' }, 0, ctx);
    if (alt) return alt;
  }
  return el;
}
