// The parameters of Open311 GeoReport v2 requests, read from query strings or form/JSON bodies through zod
// schemas; a bad value (a repeated parameter, control characters such as NUL, too long) is an Open311 400
// naming the parameter, never a database error.
import { z } from 'zod';
import { openStatuses, type ReportCatalog } from '../catalog/catalog.ts';
import { hasControlCharacters } from '../control-characters.ts';
import type { ReportFilter } from '../repository.ts';

export class Open311Error extends Error {
  readonly statusCode: number;
  constructor(statusCode: number, description: string) {
    super(description);
    this.statusCode = statusCode;
  }
}

export type Params = Record<string, unknown>;

const schemas = new Map<string, ReturnType<typeof buildTextSchema>>();

function textSchema(max: number, multiLine: boolean) {
  const key = `${max}:${multiLine}`;
  let schema = schemas.get(key);
  if (!schema) {
    schema = buildTextSchema(max, multiLine);
    schemas.set(key, schema);
  }
  return schema;
}

function buildTextSchema(max: number, multiLine: boolean) {
  return z
    .union([z.string(), z.number().transform(String)], { error: 'must be a string' })
    .transform((value) => value.trim())
    .pipe(
      z
        .string()
        .max(max, `is longer than ${max} characters`)
        // Tabs and line breaks belong in a description, never in a code, date or number; NUL nowhere.
        .refine((value) => !hasControlCharacters(value, { multiLine }), {
          error: 'must not contain control characters',
        }),
    )
    .optional()
    .nullable();
}

/** The parameter as trimmed text, or undefined when absent or empty. */
export function text(
  params: Params,
  name: string,
  max = 1000,
  options: { multiLine?: boolean } = {},
): string | undefined {
  const result = textSchema(max, options.multiLine === true).safeParse(params[name]);
  if (!result.success) {
    throw new Open311Error(400, `${name} ${result.error.issues[0]?.message ?? 'is not valid'}`);
  }
  return result.data || undefined;
}

export function number(params: Params, name: string): number | undefined {
  const s = text(params, name, 40);
  if (s === undefined) return undefined;
  const n = Number(s);
  if (!Number.isFinite(n)) throw new Open311Error(400, `${name} must be a number`);
  return n;
}

function date(params: Params, name: string): Date | undefined {
  const s = text(params, name, 40);
  if (s === undefined) return undefined;
  // W3C datetime as the spec asks; a bare date is taken as the city's midnight.
  const at = new Date(/^\d{4}-\d{2}-\d{2}$/.test(s) ? `${s}T00:00:00+09:00` : s);
  if (!/^\d{4}-\d{2}-\d{2}/.test(s) || Number.isNaN(at.getTime())) {
    throw new Open311Error(400, `${name} must be a W3C date-time like 2027-04-01T00:00:00+09:00`);
  }
  return at;
}

const DEFAULT_WINDOW_MS = 90 * 86_400_000;
export const MAX_REQUESTS = 1000;
/** service_request_id lists at most this many numbers: one query, and a bounded one. */
export const MAX_REQUEST_IDS = 200;

/** GET requests.json filters (all but service_request_id, which the caller looks up by number). */
export function requestFilter(params: Params, catalog: ReportCatalog, now: Date): ReportFilter {
  const filter: ReportFilter = { publicOnly: true, limit: MAX_REQUESTS };
  const code = text(params, 'service_code', 100);
  if (code) filter.category = code;
  const status = text(params, 'status', 40);
  if (status) {
    const wanted = status.split(',').map((s) => s.trim());
    if (!wanted.every((s) => s === 'open' || s === 'closed')) {
      throw new Open311Error(400, 'status must be open, closed or both');
    }
    const open = openStatuses(catalog);
    filter.status = [
      ...(wanted.includes('open') ? open : []),
      ...(wanted.includes('closed')
        ? catalog.statuses.map((s) => s.id).filter((s) => !open.includes(s))
        : []),
    ];
  }
  const start = date(params, 'start_date');
  const end = date(params, 'end_date');
  // Without start_date, the spec's default window: the 90 days up to end_date (or now).
  if (end) filter.to = end;
  filter.from = start ?? new Date((end ?? now).getTime() - DEFAULT_WINDOW_MS);
  if (end && filter.from > end) throw new Open311Error(400, 'start_date must be before end_date');
  return filter;
}
