// Small DOM builders: every string reaches the page through textContent or attributes, never as HTML.

/**
 * h('div', { className, text, attrs, style, on, dataset }, ...children). Children may be nodes, strings
 * (added as text) or null/false (skipped).
 */
export function h(tag, props = {}, ...children) {
  return fill(document.createElement(tag), props, children);
}

const SVG_NS = 'http://www.w3.org/2000/svg';

export function svg(tag, props = {}, ...children) {
  return fill(document.createElementNS(SVG_NS, tag), props, children);
}

function fill(el, props, children) {
  if (props.className) el.setAttribute('class', props.className);
  if (props.text !== undefined && props.text !== null) el.textContent = String(props.text);
  for (const [name, value] of Object.entries(props.attrs ?? {})) {
    if (value !== undefined && value !== null && value !== false) el.setAttribute(name, String(value));
  }
  for (const [name, value] of Object.entries(props.dataset ?? {})) el.dataset[name] = String(value);
  setStyle(el, props.style);
  for (const [event, handler] of Object.entries(props.on ?? {})) el.addEventListener(event, handler);
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return el;
}

/** Sets CSS properties given as { 'kebab-name': value }; undefined values are skipped. */
export function setStyle(el, style) {
  for (const [name, value] of Object.entries(style ?? {})) {
    if (value !== undefined && value !== null) el.style.setProperty(name, String(value));
  }
}

const SAFE_SCHEMES = new Set(['http:', 'https:', 'tel:', 'mailto:', 'line:']);

/** The URL if it is one a LINE client would open (http, https, tel, mailto, line), else undefined. */
export function safeUri(value) {
  if (typeof value !== 'string' || value === '') return undefined;
  try {
    const url = new URL(value, window.location.href);
    return SAFE_SCHEMES.has(url.protocol) ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** A URL usable as an image source: http(s), same-origin paths and data: images only. */
export function safeImageUrl(value) {
  if (typeof value !== 'string' || value === '') return undefined;
  try {
    const url = new URL(value, window.location.href);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url.href;
    if (url.protocol === 'data:' && /^data:image\//.test(value)) return value;
    return undefined;
  } catch {
    return undefined;
  }
}

export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
}
