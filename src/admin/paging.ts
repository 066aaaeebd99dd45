// One way to page every list of the staff API: `limit` and an opaque `cursor` in, `{ items, nextCursor }` out
// (keyset paging: a page never repeats or skips rows when new ones arrive meanwhile). The cursor is the
// sort key of the last item, base64url JSON; a cursor that is not one of ours is a 400.
import { z } from 'zod';
import { badRequest } from '../http/http-error.ts';

/** The query fields of a paged list, to spread into its querystring schema. */
export function pageQuery(defaultLimit: number, maxLimit: number) {
  return {
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(maxLimit)
      .default(defaultLimit)
      .describe(`items per page, 1–${maxLimit}`),
    cursor: z
      .string()
      .max(500)
      .regex(/^[A-Za-z0-9_-]*$/, 'must be the nextCursor of the previous page')
      .optional()
      .describe('the nextCursor of the previous page; left out: the first page'),
  };
}

/** The answer of a paged list of `item`. */
export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    nextCursor: z.string().nullable().describe('pass as cursor for the next page; null on the last page'),
  });
}

export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/** The sort key a cursor holds, checked against `shape`; undefined for the first page. */
export function decodeCursor<T>(cursor: string | undefined, shape: z.ZodType<T>): T | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const key = shape.safeParse(parsed);
  if (!key.success) throw badRequest('querystring.cursor: must be the nextCursor of the previous page');
  return key.data;
}

/**
 * The page from rows fetched with LIMIT limit + 1: the extra row only tells that another page follows, and
 * the cursor is the key of the last row shown.
 */
export function pageOf<T>(
  rows: readonly T[],
  limit: number,
  keyOf: (row: T) => readonly (string | number)[],
): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(keyOf(last)) : null };
}

/** Bigint ids in cursors: digits only, so they go into SQL parameters as they are. */
export const idKey = z.string().regex(/^\d{1,18}$/);
