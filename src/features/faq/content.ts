// The よくある質問 content as data: entries per area (each with its ja / en / ja-easy texts), the 15 areas, the
// departments for お問い合わせ, synonym groups and intents; read and checked at boot (a mistake stops the app
// with the file and the field).
import { readdirSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { LANGUAGES, type Language } from '../../i18n/languages.ts';

const text = (max: number) => z.string().trim().min(1).max(max);
const id = z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, 'lower-case letters, digits and hyphens (≤ 40)');
const url = z.url({ protocol: /^https$/ }).max(1000);
const perLanguage = <T extends z.ZodType>(schema: T) =>
  z.strictObject({ ja: schema, en: schema, 'ja-easy': schema });

/** One language's wording of an entry; the answer fits a chat bubble. */
export const entryTextSchema = z.strictObject({
  question: text(120),
  phrasings: z.array(text(120)).max(40).default([]),
  answer: text(400),
});
export type FaqEntryText = z.infer<typeof entryTextSchema>;

/** An entry as staff edit it: Japanese required, the other languages fall back to it until written. */
export const entrySchema = z.strictObject({
  id,
  area: id,
  department: id,
  url,
  /** The day someone last checked the entry against the city's page (YYYY-MM-DD). */
  checked: z.iso.date(),
  texts: z.strictObject({
    ja: entryTextSchema,
    en: entryTextSchema.optional(),
    'ja-easy': entryTextSchema.optional(),
  }),
});
export type FaqEntry = z.infer<typeof entrySchema>;

const areaFileSchema = z.strictObject({
  area: id,
  url,
  checked: z.iso.date(),
  entries: z
    .array(
      z.strictObject({
        id,
        department: id,
        url: url.optional(),
        checked: z.iso.date().optional(),
        ja: entryTextSchema,
        en: entryTextSchema,
        'ja-easy': entryTextSchema,
      }),
    )
    .min(1),
});

const areasSchema = z.strictObject({
  areas: z.array(z.strictObject({ id, title: perLanguage(text(40)) })).min(1),
});

export const departmentSchema = z.strictObject({
  id,
  name: perLanguage(text(40)),
  handles: perLanguage(text(120)),
  tel: z.string().regex(/^0\d{1,4}-\d{1,4}-\d{3,4}$/, 'a phone number like 092-584-1111'),
  hours: perLanguage(text(60)),
  place: perLanguage(text(40)),
  url,
});
export type FaqDepartment = z.infer<typeof departmentSchema>;

const MENU_TARGET = z.strictObject({ menu: z.string().regex(/^[a-zA-Z]{1,30}$/) });
const FEATURE_TARGET = z.strictObject({
  feature: z.string().regex(/^[a-z][a-z0-9-]{0,39}$/),
  fields: z.record(z.string().regex(/^[a-z]{1,10}$/), z.string().max(40)),
});

export const intentSchema = z.strictObject({
  id,
  /** A rich-menu entry (used when some feature answers it) or a feature's postback with fields. */
  target: z.union([MENU_TARGET, FEATURE_TARGET]),
  /** Present: offered as a button with this text; absent: the target opens at once. */
  offer: z.strictObject({ say: perLanguage(text(200)), label: perLanguage(text(20)) }).optional(),
  phrases: perLanguage(z.array(text(60)).min(1)),
});
export type FaqIntent = z.infer<typeof intentSchema>;

const intentsSchema = z.strictObject({ intents: z.array(intentSchema) });
const departmentsSchema = z.strictObject({ departments: z.array(departmentSchema).min(1) });
const synonymsSchema = z.strictObject({ groups: z.array(z.array(text(40)).min(2)) });

export interface FaqArea {
  id: string;
  title: Record<Language, string>;
}

export interface FaqContent {
  areas: FaqArea[];
  entries: FaqEntry[];
  departments: FaqDepartment[];
  intents: FaqIntent[];
  synonyms: string[][];
}

export class FaqContentError extends Error {
  readonly code = 'FAQ_CONTENT';
}

export const CONTENT_DIR = new URL('./content/', import.meta.url);

function read<T>(file: URL, schema: z.ZodType<T>): T {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new FaqContentError(`${file.pathname}: not readable JSON (${(error as Error).message})`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = (issue?.path ?? []).map(String).join('.');
    throw new FaqContentError(
      `${file.pathname}: field "${field || '(root)'}": ${issue?.message ?? 'invalid'}`,
    );
  }
  return parsed.data;
}

/** Every content file, checked together: unique ids, known areas and departments. */
export function loadFaqContent(dir: URL = CONTENT_DIR): FaqContent {
  const { areas } = read(new URL('areas.json', dir), areasSchema);
  const { departments } = read(new URL('departments.json', dir), departmentsSchema);
  const { intents } = read(new URL('intents.json', dir), intentsSchema);
  const { groups } = read(new URL('synonyms.json', dir), synonymsSchema);
  const entries: FaqEntry[] = [];
  const entriesDir = new URL('entries/', dir);
  for (const name of readdirSync(entriesDir)
    .filter((n) => n.endsWith('.json'))
    .sort()) {
    const file = read(new URL(name, entriesDir), areaFileSchema);
    for (const entry of file.entries) {
      entries.push({
        id: entry.id,
        area: file.area,
        department: entry.department,
        url: entry.url ?? file.url,
        checked: entry.checked ?? file.checked,
        texts: { ja: entry.ja, en: entry.en, 'ja-easy': entry['ja-easy'] },
      });
    }
  }
  const content: FaqContent = { areas, entries, departments, intents, synonyms: groups };
  checkReferences(content);
  return content;
}

/** Ids unique, every entry's area and department known; throws naming the first problem. */
export function checkReferences(content: FaqContent): void {
  const unique = (kind: string, ids: string[]) => {
    const seen = new Set<string>();
    for (const value of ids) {
      if (seen.has(value)) throw new FaqContentError(`${kind} id "${value}" is used twice`);
      seen.add(value);
    }
    return seen;
  };
  const areas = unique(
    'area',
    content.areas.map((a) => a.id),
  );
  const departments = unique(
    'department',
    content.departments.map((d) => d.id),
  );
  unique(
    'entry',
    content.entries.map((e) => e.id),
  );
  unique(
    'intent',
    content.intents.map((i) => i.id),
  );
  for (const entry of content.entries) {
    if (!areas.has(entry.area))
      throw new FaqContentError(`entry "${entry.id}": unknown area "${entry.area}"`);
    if (!departments.has(entry.department)) {
      throw new FaqContentError(`entry "${entry.id}": unknown department "${entry.department}"`);
    }
  }
}

/** The entry's wording in `lang`, or Japanese when that language is not written yet. */
export function entryText(entry: FaqEntry, lang: Language): FaqEntryText {
  return entry.texts[lang] ?? entry.texts.ja;
}

export { LANGUAGES };
