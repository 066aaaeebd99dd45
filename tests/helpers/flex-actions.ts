// Reads the bot's messages as a resident sees them: the bubbles, their texts, and the postback actions to tap.
export interface PostbackAction {
  label: string;
  data: string;
}

/** The bubbles of a Flex message (a carousel's, or the one bubble); none for other messages. */
export function bubblesOf(message: unknown): unknown[] {
  const contents = (message as { contents?: { type?: string; contents?: unknown[] } }).contents;
  if (!contents) return [];
  return contents.type === 'carousel' ? (contents.contents ?? []) : [contents];
}

/** Every postback action anywhere in a message or bubble (buttons, tappable boxes, images), in order. */
export function postbacksOf(node: unknown): PostbackAction[] {
  if (Array.isArray(node)) return node.flatMap(postbacksOf);
  if (typeof node !== 'object' || node === null) return [];
  const record = node as Record<string, unknown>;
  const action = record.action as { type?: string; label?: string; data?: string } | undefined;
  const own =
    action?.type === 'postback' && typeof action.data === 'string'
      ? [{ label: String(action.label ?? ''), data: action.data }]
      : [];
  return [
    ...own,
    ...Object.entries(record).flatMap(([key, value]) => (key === 'action' ? [] : postbacksOf(value))),
  ];
}

/** The texts a resident reads in a message or bubble, one per line, in order. */
export function textOf(node: unknown): string {
  if (Array.isArray(node)) return node.map(textOf).filter(Boolean).join('\n');
  if (typeof node !== 'object' || node === null) return '';
  const record = node as Record<string, unknown>;
  const own = record.type === 'text' && typeof record.text === 'string' ? [record.text] : [];
  return [...own, ...Object.values(record).map(textOf)].filter(Boolean).join('\n');
}

/**
 * The postback data a resident taps for `wanted`: the action labelled so, else the first action of the bubble
 * that reads it (a day's or a time's "Choose"). Throws when the messages offer nothing of the kind.
 */
export function tapTarget(messages: readonly unknown[], wanted: string): string {
  const bubbles = messages.flatMap(bubblesOf);
  const labelled = bubbles.flatMap(postbacksOf).find((action) => action.label === wanted);
  if (labelled) return labelled.data;
  for (const bubble of bubbles) {
    const first = postbacksOf(bubble)[0];
    if (first && textOf(bubble).includes(wanted)) return first.data;
  }
  throw new Error(`nothing to tap for "${wanted}" in ${JSON.stringify(messages).slice(0, 400)}`);
}
