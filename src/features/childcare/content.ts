// Loads and checks the 子育て情報 content files (one per language) so staff can edit them without code.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { LANGUAGES, type Language } from '../../i18n/languages.ts';

const text = (max: number) => z.string().trim().min(1).max(max);

const itemSchema = z.strictObject({
  title: text(40),
  text: text(200),
  hours: text(60),
  url: z.url({ protocol: /^https$/ }).max(1000),
  /** Shown as a tel: button; digits and hyphens as printed on the city's pages. */
  tel: z.string().regex(/^0\d{1,4}-\d{1,4}-\d{3,4}$/, 'a phone number like 092-584-1111'),
});

const topicSchema = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9-]{0,19}$/, 'lower-case letters, digits and hyphens'),
  title: text(40),
  summary: text(80),
  // A topic is one carousel: LINE allows at most 12 bubbles.
  items: z.array(itemSchema).min(1).max(12),
});

export const contentSchema = z.strictObject({
  topics: z
    .array(topicSchema)
    .min(1)
    .max(12)
    .refine((topics) => new Set(topics.map((t) => t.id)).size === topics.length, 'topic ids must be unique'),
});

export type ChildcareContent = z.infer<typeof contentSchema>;
export type ChildcareTopic = ChildcareContent['topics'][number];
export type ChildcareItem = ChildcareTopic['items'][number];
export type ChildcareLibrary = Readonly<Record<Language, ChildcareContent>>;

export class ChildcareContentError extends Error {
  readonly code = 'CHILDCARE_CONTENT';
}

export const CONTENT_DIR = new URL('./content/', import.meta.url);

/** Reads and validates one file; the error names the file and the first bad field (`topics[2].items[0].tel`). */
export function loadContentFile(path: string | URL): ChildcareContent {
  const file = path instanceof URL ? path.pathname : path;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ChildcareContentError(`${file}: not readable JSON (${(error as Error).message})`);
  }
  const parsed = contentSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue ? fieldPath(issue.path) : '';
    throw new ChildcareContentError(`${file}: field "${field || '(root)'}": ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

function fieldPath(path: ReadonlyArray<PropertyKey>): string {
  return path
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i ? '.' : ''}${String(part)}`))
    .join('');
}

/** Every language's file; all must offer the same topics in the same order so a button means one thing. */
export function loadChildcareContent(dir: URL = CONTENT_DIR): ChildcareLibrary {
  const entries = LANGUAGES.map((lang) => [lang, loadContentFile(new URL(`${lang}.json`, dir))] as const);
  const [first, ...rest] = entries;
  if (!first) throw new ChildcareContentError('no languages');
  const ids = first[1].topics.map((t) => t.id).join(',');
  for (const [lang, content] of rest) {
    const own = content.topics.map((t) => t.id).join(',');
    if (own !== ids) {
      throw new ChildcareContentError(
        `${new URL(`${lang}.json`, dir).pathname}: field "topics": ids ${own} differ from ${first[0]}.json (${ids})`,
      );
    }
  }
  return Object.fromEntries(entries) as Record<Language, ChildcareContent>;
}
