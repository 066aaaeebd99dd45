// The report categories, departments and statuses (the JSON files beside this one), checked when loaded:
// a mistake names the file and the field, so a city editing the data sees what to fix.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Language } from '../../../i18n/languages.ts';

const id = z.string().regex(/^[a-z0-9_-]{1,32}$/, 'must be 1–32 of a-z, 0-9, _ and -');
const text = z.string().trim().min(1);
const localizedText = z.object({ ja: text, en: text.optional(), 'ja-easy': text.optional() }).strict();
const partialText = z
  .object({ ja: text.optional(), en: text.optional(), 'ja-easy': text.optional() })
  .strict();

const categoriesSchema = z
  .object({
    departments: z.array(z.object({ id, name: localizedText }).strict()).min(1),
    categories: z
      .array(
        z
          .object({
            id,
            name: localizedText,
            description: partialText.default({}),
            // What to write in the comment, shown as "e.g. …" (the size of a hole, a street light's pole number).
            commentExample: partialText.default({}),
            department: id,
            emergency: z
              .object({
                notice: localizedText,
                // Digits with optional hyphens, as printed; the tel: URI drops the hyphens.
                tel: z.string().regex(/^\+?[0-9][0-9-]{2,19}$/, 'must be a phone number like 092-584-1111'),
              })
              .strict()
              .nullable()
              .default(null),
            active: z.boolean().default(true),
          })
          .strict(),
      )
      .min(1),
  })
  .strict();

const statusesSchema = z
  .object({
    initial: id,
    duplicate: id,
    statuses: z
      .array(
        z
          .object({
            id,
            // What staff see: Japanese, or per language ({ "ja": "対応中", "en": "In progress" }).
            staffLabel: text
              .transform((ja) => ({ ja }) as { ja: string; en?: string | undefined })
              .or(z.object({ ja: text, en: text.optional() }).strict()),
            label: localizedText,
            closed: z.boolean(),
            requiresReason: z.boolean(),
            transitions: z.array(id),
          })
          .strict(),
      )
      .min(2),
  })
  .strict();

export type LocalizedText = z.infer<typeof localizedText>;
export type PartialText = z.infer<typeof partialText>;
export type Department = z.infer<typeof categoriesSchema>['departments'][number];
export type ReportCategory = z.infer<typeof categoriesSchema>['categories'][number];
export type ReportStatusDef = z.infer<typeof statusesSchema>['statuses'][number];

export interface ReportCatalog {
  departments: Department[];
  categories: ReportCategory[];
  statuses: ReportStatusDef[];
  initialStatus: string;
  duplicateStatus: string;
}

export class CatalogError extends Error {
  constructor(file: string, field: string, problem: string) {
    super(`${file}: ${field || '(top level)'}: ${problem}`);
    this.name = 'CatalogError';
  }
}

function parseWith<T>(schema: z.ZodType<T>, value: unknown, file: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new CatalogError(file, issue ? issue.path.join('.') : '', issue?.message ?? 'invalid');
}

function duplicates(ids: string[]): string | undefined {
  return ids.find((value, index) => ids.indexOf(value) !== index);
}

/** Checks both documents and how they refer to each other; `files` name them in errors. */
export function parseReportCatalog(
  categoriesJson: unknown,
  statusesJson: unknown,
  files = { categories: 'categories.json', statuses: 'statuses.json' },
): ReportCatalog {
  const c = parseWith(categoriesSchema, categoriesJson, files.categories);
  const s = parseWith(statusesSchema, statusesJson, files.statuses);
  const departmentIds = c.departments.map((d) => d.id);
  const dupDepartment = duplicates(departmentIds);
  if (dupDepartment)
    throw new CatalogError(files.categories, 'departments', `"${dupDepartment}" appears twice`);
  const dupCategory = duplicates(c.categories.map((x) => x.id));
  if (dupCategory) throw new CatalogError(files.categories, 'categories', `"${dupCategory}" appears twice`);
  c.categories.forEach((category, i) => {
    if (!departmentIds.includes(category.department)) {
      throw new CatalogError(
        files.categories,
        `categories.${i}.department`,
        `"${category.department}" is not one of the departments`,
      );
    }
  });
  const statusIds = s.statuses.map((x) => x.id);
  const dupStatus = duplicates(statusIds);
  if (dupStatus) throw new CatalogError(files.statuses, 'statuses', `"${dupStatus}" appears twice`);
  for (const key of ['initial', 'duplicate'] as const) {
    if (!statusIds.includes(s[key]))
      throw new CatalogError(files.statuses, key, `"${s[key]}" is not one of the statuses`);
  }
  s.statuses.forEach((status, i) => {
    status.transitions.forEach((to, j) => {
      if (!statusIds.includes(to) || to === status.id) {
        throw new CatalogError(
          files.statuses,
          `statuses.${i}.transitions.${j}`,
          `"${to}" is not another status`,
        );
      }
    });
  });
  if (s.statuses.find((x) => x.id === s.initial)?.closed) {
    throw new CatalogError(files.statuses, 'initial', 'the initial status must not be closed');
  }
  if (!s.statuses.find((x) => x.id === s.duplicate)?.closed) {
    throw new CatalogError(files.statuses, 'duplicate', 'the duplicate status must be closed');
  }
  return {
    departments: c.departments,
    categories: c.categories,
    statuses: s.statuses,
    initialStatus: s.initial,
    duplicateStatus: s.duplicate,
  };
}

function readJson(url: URL): unknown {
  const file = url.pathname.split('/').pop() ?? url.pathname;
  let raw: string;
  try {
    raw = readFileSync(url, 'utf8');
  } catch (error) {
    throw new CatalogError(file, '', `cannot be read (${(error as Error).message})`);
  }
  try {
    return JSON.parse(raw);
  } catch (error) {
    throw new CatalogError(file, '', `is not valid JSON (${(error as Error).message})`);
  }
}

let cached: ReportCatalog | undefined;

/** The shipped catalog, read and checked once (a bad file stops the start, not a resident's report). */
export function loadReportCatalog(dir = new URL('./', import.meta.url)): ReportCatalog {
  const shipped = dir.href === new URL('./', import.meta.url).href;
  if (shipped && cached) return cached;
  const categories = new URL('categories.json', dir);
  const statuses = new URL('statuses.json', dir);
  const catalog = parseReportCatalog(readJson(categories), readJson(statuses), {
    categories: categories.pathname,
    statuses: statuses.pathname,
  });
  if (shipped) cached = catalog;
  return catalog;
}

export function localize(value: PartialText, lang: Language): string {
  return value[lang] ?? value.ja ?? value.en ?? '';
}

export function findCategory(catalog: ReportCatalog, categoryId: string): ReportCategory | undefined {
  return catalog.categories.find((c) => c.id === categoryId);
}

export function findStatus(catalog: ReportCatalog, statusId: string): ReportStatusDef | undefined {
  return catalog.statuses.find((s) => s.id === statusId);
}

/** The label residents see (受付 / 対応中 / 完了); an unknown status shows as its id rather than failing. */
export function statusLabel(catalog: ReportCatalog, statusId: string, lang: Language): string {
  const status = findStatus(catalog, statusId);
  return status ? localize(status.label, lang) : statusId;
}

export function openStatuses(catalog: ReportCatalog): string[] {
  return catalog.statuses.filter((s) => !s.closed).map((s) => s.id);
}

/** 'tel:0925841111' for a button: RFC 3966 allows the hyphens, but some phones dial them badly. */
export function telUri(tel: string): string {
  return `tel:${tel.replaceAll('-', '')}`;
}
