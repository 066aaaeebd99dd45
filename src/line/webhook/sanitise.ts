// Makes a parsed webhook event storable as jsonb: text PostgreSQL refuses is replaced, nesting is cut short.
// Iterative on purpose: a signed body may nest 100,000 levels deep, which recursion would not survive.

/** Deeper than anything LINE sends (its deepest events nest about 6 levels) and far below any stack limit. */
export const MAX_JSON_DEPTH = 32;

/** What stands in for a value nested deeper than MAX_JSON_DEPTH. */
export const TOO_DEEP_MARKER = `[removed: nested deeper than ${MAX_JSON_DEPTH} levels]`;

/** jsonb refuses NUL and lone surrogates; both become U+FFFD, as an invalid UTF-8 byte already does. */
export function storableText(text: string): string {
  return text.toWellFormed().replaceAll('\u0000', '\ufffd');
}

type Container = Record<string, unknown> | unknown[];

function isContainer(value: unknown): value is Container {
  return typeof value === 'object' && value !== null;
}

function emptyLike(value: Container): Container {
  return Array.isArray(value) ? [] : {};
}

/** An own property even for "__proto__", which plain assignment would turn into a prototype change. */
function put(target: Container, key: string | number, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * A copy of a JSON value (as JSON.parse returns it) that PostgreSQL stores and JSON.stringify serialises:
 * strings and keys storable, containers deeper than `maxDepth` (the root is level 1) replaced by the marker.
 */
export function sanitiseJson(value: unknown, maxDepth = MAX_JSON_DEPTH): unknown {
  if (typeof value === 'string') return storableText(value);
  if (!isContainer(value)) return value;
  const root = emptyLike(value);
  const pending: { from: Container; to: Container; depth: number }[] = [{ from: value, to: root, depth: 1 }];
  for (let job = pending.pop(); job; job = pending.pop()) {
    const entries: [string | number, unknown][] = Array.isArray(job.from)
      ? job.from.map((item, index) => [index, item])
      : Object.entries(job.from).map(([key, item]) => [storableText(key), item]);
    for (const [key, item] of entries) {
      if (typeof item === 'string') {
        put(job.to, key, storableText(item));
      } else if (!isContainer(item)) {
        put(job.to, key, item);
      } else if (job.depth >= maxDepth) {
        put(job.to, key, TOO_DEEP_MARKER);
      } else {
        const copy = emptyLike(item);
        put(job.to, key, copy);
        pending.push({ from: item, to: copy, depth: job.depth + 1 });
      }
    }
  }
  return root;
}
