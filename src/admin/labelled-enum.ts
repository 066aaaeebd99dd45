// Status-like fields of the staff API: their ids as a zod enum (listed in the OpenAPI document) with the staff
// labels in Japanese and English described beside them. A request may also name a value by its label when
// that label names one value only; anything else is a 400 that lists the valid values.
import { z } from 'zod';

export type StaffLanguage = 'ja' | 'en';
export const STAFF_LANGUAGES: readonly StaffLanguage[] = ['ja', 'en'];

export type EnumAttribute = string | boolean | string[];

export interface LabelledValue<T extends string = string> {
  id: T;
  /** What staff see for it. */
  labels: Record<StaffLanguage, string>;
  /** Other names accepted in requests (e.g. the label residents see), when no staff label matched. */
  aliases?: readonly string[];
  /** Facts a console needs beside the label (a report status's transitions, whether it is closed…). */
  attributes?: Record<string, EnumAttribute>;
}

type Resolution<T> = { ok: true; id: T } | { ok: false; message: string };

/** Full-width letters, case and spacing do not matter: 「対応中」, 「 対応中 」 and "IN PROGRESS" are matched. */
function fold(text: string): string {
  return text.normalize('NFKC').trim().toLowerCase().replace(/\s+/g, ' ');
}

const MAX_INPUT = 100;

export class LabelledEnum<T extends string = string> {
  readonly ids: [T, ...T[]];
  /** How the console's meta lists it, e.g. `reports.status`. */
  readonly name: string;
  /** What a value is called in error messages, e.g. `status`. */
  readonly noun: string;
  readonly values: readonly LabelledValue<T>[];

  constructor(name: string, noun: string, values: readonly LabelledValue<T>[]) {
    this.name = name;
    this.noun = noun;
    this.values = values;
    const [first, ...rest] = values.map((v) => v.id);
    if (first === undefined) throw new Error(`${name}: an enum needs at least one value`);
    if (new Set([first, ...rest]).size !== values.length) throw new Error(`${name}: an id appears twice`);
    this.ids = [first, ...rest];
  }

  label(id: T, lang: StaffLanguage): string {
    return this.values.find((v) => v.id === id)?.labels[lang] ?? id;
  }

  /** "in_progress (対応中 / In progress), done (完了 / Done)". */
  describeValues(): string {
    return this.values.map((v) => `${v.id} (${v.labels.ja} / ${v.labels.en})`).join(', ');
  }

  private choices(values: readonly LabelledValue<T>[] = this.values): string {
    return values.map((v) => `${v.id} (${v.labels.ja})`).join(', ');
  }

  /** The id a request means: an id, else a staff label, else an alias — each only when it names one value. */
  resolve(raw: string): Resolution<T> {
    const text = fold(raw);
    const asId = text.replace(/[ -]/g, '_');
    const byId = this.values.find((v) => v.id === asId);
    if (byId) return { ok: true, id: byId.id };
    const tiers = [
      (v: LabelledValue<T>) => STAFF_LANGUAGES.some((lang) => fold(v.labels[lang]) === text),
      (v: LabelledValue<T>) => (v.aliases ?? []).some((alias) => fold(alias) === text),
    ];
    for (const matches of tiers) {
      const found = this.values.filter(matches);
      const [only] = found;
      if (only && found.length === 1) return { ok: true, id: only.id };
      if (found.length > 1) {
        return {
          ok: false,
          message: `"${raw.slice(0, 50)}" names more than one ${this.noun}: ${this.choices(found)}; send the id`,
        };
      }
    }
    return { ok: false, message: `no ${this.noun} "${raw.slice(0, 50)}"; one of ${this.choices()}` };
  }

  /** For answers: the ids, described with their labels. */
  output() {
    return z.enum(this.ids).describe(`${this.noun}: ${this.describeValues()}`);
  }

  /**
   * For answers whose values come from data the city edits (the reports catalog): documented as the enum,
   * but a stored value the catalog no longer lists is still answered, as its id, rather than failing the list.
   */
  openOutput() {
    return z
      .string()
      .meta({ type: 'string', enum: [...this.ids], description: `${this.noun}: ${this.describeValues()}` });
  }

  /** For requests: an id, or a label naming one value; otherwise a 400 listing the values. */
  input() {
    return z
      .string()
      .max(MAX_INPUT)
      .transform((raw, ctx): T => {
        const resolved = this.resolve(raw);
        if (resolved.ok) return resolved.id;
        ctx.addIssue({ code: 'custom', message: resolved.message });
        return z.NEVER;
      })
      .meta({
        type: 'string',
        enum: [...this.ids],
        description: `${this.noun}: ${this.describeValues()}. The Japanese or English label is accepted for its id when it names one value only.`,
      });
  }

  /** For filters: comma-separated ids or labels (、 too), each resolved as by input(). */
  listInput() {
    return z
      .string()
      .max(MAX_INPUT * 4)
      .transform((raw, ctx): T[] => {
        const out: T[] = [];
        for (const part of raw.split(/[,、，]/)) {
          if (part.trim() === '') continue;
          const resolved = this.resolve(part);
          if (resolved.ok) out.push(resolved.id);
          else ctx.addIssue({ code: 'custom', message: resolved.message });
        }
        return out;
      })
      .meta({
        type: 'string',
        description: `comma-separated, each one ${this.noun}: ${this.describeValues()} (ids or labels)`,
      });
  }

  /** As the console's GET /admin/meta lists it. */
  toMeta(): EnumMeta {
    return {
      name: this.name,
      values: this.values.map((v) => ({
        id: v.id,
        labels: { ...v.labels },
        ...(v.attributes ? { attributes: v.attributes } : {}),
      })),
    };
  }
}

export interface EnumMeta {
  name: string;
  values: { id: string; labels: Record<StaffLanguage, string>; attributes?: Record<string, EnumAttribute> }[];
}

export const enumMetaSchema = z.object({
  name: z.string().describe('e.g. reports.status, reservations.status'),
  values: z.array(
    z.object({
      id: z.string().describe('what requests send and answers carry'),
      labels: z.object({ ja: z.string(), en: z.string() }).describe('what staff see, per language'),
      attributes: z
        .record(z.string(), z.union([z.string(), z.boolean(), z.array(z.string())]))
        .optional()
        .describe('facts beside the label, e.g. a report status’s transitions'),
    }),
  ),
});
