// Text PostgreSQL cannot store is refused with 400 before it reaches a handler: NUL (%00) anywhere in the URL
// (text columns refuse U+0000, which surfaced as 500s from query filters), and in JSON bodies NUL or an
// unpaired surrogate (jsonb refuses both), named by where it is.
import type { FastifyInstance } from 'fastify';
import { badRequest } from './http-error.ts';

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replaceAll('+', ' '));
  } catch {
    return text;
  }
}

/** The query parameter (or the path) a URL carries NUL in, for the error to name it. */
function nulAt(url: string): string {
  const [, query = ''] = url.split('?', 2);
  for (const pair of query.split('&')) {
    const [name = '', value = ''] = pair.split('=', 2);
    if (/%00|\0/.test(value)) return `query.${safeDecode(name).slice(0, 40) || '(unnamed)'}`;
    if (/%00|\0/.test(name)) return 'query';
  }
  return 'the path';
}

export function installUrlGuard(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', async (request) => {
    if (request.url.includes('%00') || request.url.includes('\0')) {
      throw badRequest(`${nulAt(request.url)}: must not contain NUL (%00)`);
    }
  });
}

function unstorable(text: string): boolean {
  return text.includes('\0') || !text.isWellFormed();
}

/**
 * The path (e.g. `body.texts.ja`) of the first string or key under `value` that cannot be stored, or null.
 * Walks without recursion, so a deeply nested body cannot overflow the stack.
 */
export function unstorableTextAt(value: unknown, root: string): string | null {
  const stack: [unknown, string][] = [[value, root]];
  for (let next = stack.pop(); next; next = stack.pop()) {
    const [item, path] = next;
    if (typeof item === 'string') {
      if (unstorable(item)) return path;
    } else if (item && typeof item === 'object') {
      for (const [key, child] of Object.entries(item)) {
        const childPath = `${path}.${key}`;
        if (unstorable(key)) return path;
        stack.push([child, childPath]);
      }
    }
  }
  return null;
}
