// The city's districts parents may give and staff may target (data in districts.json, checked at load).
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Language } from '../../i18n/languages.ts';

const name = z.string().trim().min(1).max(60);
const fileSchema = z.object({
  districts: z
    .array(z.strictObject({ id: z.string().regex(/^[a-z0-9-]{1,40}$/), ja: name, en: name, 'ja-easy': name }))
    .min(1)
    // A quick reply holds at most 13 items: the districts plus "skip".
    .max(12)
    .refine((list) => new Set(list.map((d) => d.id)).size === list.length, 'district ids must be unique'),
});

export type District = z.infer<typeof fileSchema>['districts'][number];

const FILE = new URL('./districts.json', import.meta.url);

function load(): readonly District[] {
  const parsed = fileSchema.safeParse(JSON.parse(readFileSync(FILE, 'utf8')));
  if (!parsed.success) throw new Error(`${FILE.pathname}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data.districts;
}

export const DISTRICTS: readonly District[] = load();

export function isDistrict(id: string): boolean {
  return DISTRICTS.some((district) => district.id === id);
}

/** The district's name in `lang`; undefined for an id no longer listed. */
export function districtName(id: string, lang: Language): string | undefined {
  return DISTRICTS.find((district) => district.id === id)?.[lang];
}
