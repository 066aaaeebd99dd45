// The zod schemas of the ごみ staff API (requests, answers and its OpenAPI document).
import { z } from 'zod';
import { cityDateTime } from '../../../admin/city-time.ts';
import { enumFromLocales } from '../../../admin/staff-labels.ts';
import { DATASET_FILES } from '../dataset/types.ts';

export const SCOPE = 'gomi';

export const bulkyStatusEnum = enumFromLocales('gomi.bulkyStatus', 'application status', 'gomiBulkyStatus', [
  'booked',
  'cancelled',
] as const);
export const bulkyChannelEnum = enumFromLocales(
  'gomi.bulkyChannel',
  'application channel',
  'gomiBulkyChannel',
  ['line', 'phone'] as const,
);

export const errorSchema = z.object({ error: z.string(), fields: z.array(z.string()).optional() });
export const date = z.iso.date().describe('a city date, YYYY-MM-DD');

export const problemSchema = z.object({
  file: z.string(),
  row: z.number().int().nullable().describe('as a spreadsheet numbers it: the header is row 1'),
  column: z.string().nullable(),
  message: z.string(),
});
export const importErrorSchema = z.object({ error: z.string(), problems: z.array(problemSchema) });

export const fileName = z.enum(DATASET_FILES);
export const importBody = z.object({
  files: z
    .partialRecord(fileName, z.string().max(5_000_000))
    .refine((files) => Object.keys(files).length > 0, 'give at least one file')
    .describe('file name → its CSV text (UTF-8); files left out stay as they are'),
});

export const datasetSummary = z.object({
  version: z.number().int().describe('0: the shipped sample (no import yet)'),
  importedAt: cityDateTime.nullable(),
  items: z.number().int(),
  categories: z.number().int(),
  areas: z.number().int(),
  exceptions: z.number().int(),
});

export const bulkyItemSchema = z.object({
  id: z.string(),
  name: z.string(),
  fee: z.number().int(),
  count: z.number().int(),
});

export const applicationSchema = z.object({
  id: z.string(),
  number: z.string().describe('粗大-000123, what residents quote'),
  channel: bulkyChannelEnum.output(),
  status: bulkyStatusEnum.output(),
  name: z.string().nullable(),
  phone: z.string().nullable(),
  address: z.string(),
  date,
  items: z.array(bulkyItemSchema),
  fee: z.number().int(),
  fromLine: z.boolean().describe('applied through LINE (the resident gets the day-before reminder)'),
  createdAt: cityDateTime,
});

export const phoneApplicationBody = z.object({
  name: z.string().trim().min(1).max(60),
  phone: z.string().trim().min(1).max(20),
  address: z.string().trim().min(1).max(120),
  date,
  items: z
    .array(z.object({ id: z.string().max(40), count: z.number().int().min(1).max(10) }))
    .min(1)
    .max(10),
});

/** How exceptions.csv writes each kind. */
export const KIND_WORD = { cancel: '休止', extra: '追加', move: '振替' } as const;

export const exceptionBody = z
  .object({
    date,
    areas: z.array(z.string().max(40)).max(100).default([]).describe('area ids; empty: every area'),
    categories: z
      .array(z.string().max(40))
      .max(50)
      .default([])
      .describe('category ids; empty: every category'),
    kind: z
      .enum(['cancel', 'extra', 'move'])
      .describe('cancel (休止), extra (追加) or move (振替, needs to)'),
    to: date.optional().describe('the day a moved collection goes to'),
    reason: z.string().trim().max(100).default(''),
  })
  .refine((body) => (body.kind === 'move') === (body.to !== undefined), {
    message: 'to is needed for move, and only for move',
    path: ['to'],
  });
