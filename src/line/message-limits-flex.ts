// Recursive limit checks for Flex containers: sizes, bubble count, components, actions and image URLs.
import {
  checkAction,
  FLEX_ACTION,
  FLEX_BUTTON_ACTION,
  isRecord,
  LIMITS,
  mediaUrl,
  zodViolations,
} from './message-limits-rules.ts';

const COMPONENT_TYPES = new Set([
  'box',
  'button',
  'image',
  'video',
  'icon',
  'text',
  'span',
  'separator',
  'filler',
]);
const BLOCKS = ['header', 'hero', 'body', 'footer'] as const;

export function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), 'utf8');
}

function checkUrl(value: unknown, path: string): string[] {
  return zodViolations(mediaUrl, value, path);
}

function checkComponent(component: unknown, path: string): string[] {
  if (!isRecord(component)) return [`${path}: component must be an object`];
  const type = component.type;
  if (typeof type !== 'string' || !COMPONENT_TYPES.has(type)) {
    return [`${path}.type: unknown Flex component type ${JSON.stringify(type)}`];
  }
  const out: string[] = [];
  if (type === 'button') {
    out.push(...checkAction(component.action, `${path}.action`, FLEX_BUTTON_ACTION));
  } else if (component.action !== undefined) {
    out.push(...checkAction(component.action, `${path}.action`, FLEX_ACTION));
  }
  if (type === 'box') {
    if (!Array.isArray(component.contents)) out.push(`${path}.contents: a box needs a contents array`);
    else out.push(...component.contents.flatMap((c, i) => checkComponent(c, `${path}.contents[${i}]`)));
  }
  if (type === 'text') {
    const hasSpans = Array.isArray(component.contents) && component.contents.length > 0;
    if (!hasSpans && (typeof component.text !== 'string' || component.text.length === 0)) {
      out.push(`${path}.text: a text component needs non-empty text or spans`);
    }
    if (Array.isArray(component.contents)) {
      out.push(...component.contents.flatMap((c, i) => checkComponent(c, `${path}.contents[${i}]`)));
    }
  }
  if (type === 'image' || type === 'icon') out.push(...checkUrl(component.url, `${path}.url`));
  if (type === 'video') {
    out.push(
      ...checkUrl(component.url, `${path}.url`),
      ...checkUrl(component.previewUrl, `${path}.previewUrl`),
    );
    out.push(...checkComponent(component.altContent, `${path}.altContent`));
  }
  return out;
}

function checkBubble(bubble: unknown, path: string): string[] {
  if (!isRecord(bubble) || bubble.type !== 'bubble') return [`${path}: expected a Flex bubble`];
  const out: string[] = [];
  const bytes = jsonBytes(bubble);
  if (bytes > LIMITS.bubbleBytes)
    out.push(`${path}: bubble JSON is ${bytes} bytes (max ${LIMITS.bubbleBytes})`);
  for (const block of BLOCKS) {
    if (bubble[block] !== undefined) out.push(...checkComponent(bubble[block], `${path}.${block}`));
  }
  if (bubble.action !== undefined) out.push(...checkAction(bubble.action, `${path}.action`, FLEX_ACTION));
  return out;
}

/** Checks a Flex container (bubble or carousel) found at `path`. */
export function checkFlexContainer(container: unknown, path: string): string[] {
  if (!isRecord(container)) return [`${path}: Flex contents must be an object`];
  if (container.type === 'bubble') return checkBubble(container, path);
  if (container.type !== 'carousel') {
    return [
      `${path}.type: Flex container must be "bubble" or "carousel", got ${JSON.stringify(container.type)}`,
    ];
  }
  const bubbles = container.contents;
  if (!Array.isArray(bubbles)) return [`${path}.contents: a carousel needs a contents array`];
  const out: string[] = [];
  if (bubbles.length < 1 || bubbles.length > LIMITS.carouselBubbles) {
    out.push(`${path}.contents: carousel has ${bubbles.length} bubbles (1 to ${LIMITS.carouselBubbles})`);
  }
  const bytes = jsonBytes(container);
  if (bytes > LIMITS.carouselBytes) {
    out.push(`${path}: carousel JSON is ${bytes} bytes (max ${LIMITS.carouselBytes})`);
  }
  out.push(...bubbles.flatMap((b, i) => checkBubble(b, `${path}.contents[${i}]`)));
  return out;
}
