// The place names a published report's address may use (place-names.json beside this file), checked when
// loaded like the rest of the catalog.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { CatalogError } from './catalog.ts';

const name = z.string().trim().min(1).max(40);
const placeNamesSchema = z
  .object({
    _note: z.string().optional(),
    prefecture: name,
    city: name,
    towns: z.array(name).min(1),
    publicPlaces: z.array(name).default([]),
  })
  .strict();

export type PlaceNames = z.infer<typeof placeNamesSchema>;

const FILE = new URL('./place-names.json', import.meta.url);
let cached: PlaceNames | undefined;

export function parsePlaceNames(value: unknown, file = 'place-names.json'): PlaceNames {
  const result = placeNamesSchema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new CatalogError(file, issue ? issue.path.join('.') : '', issue?.message ?? 'invalid');
}

/** The shipped names, read and checked once. */
export function loadPlaceNames(): PlaceNames {
  cached ??= parsePlaceNames(JSON.parse(readFileSync(FILE, 'utf8')), FILE.pathname);
  return cached;
}
