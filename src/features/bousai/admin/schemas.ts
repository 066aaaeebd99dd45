// The zod schemas of the 防災 staff API (scope `bousai`): shelters with their status, imports, disasters, and
// the 安否 views (counts without names; the list and map of people who need help, which are personal data).
import { z } from 'zod';
import { cityDateTime } from '../../../admin/city-time.ts';
import { pageQuery } from '../../../admin/paging.ts';
import { enumFromLocales } from '../../../admin/staff-labels.ts';
import { NEEDS, SITUATIONS } from '../safety/types.ts';
import { HAZARDS } from '../shelters/gsi-format.ts';
import { SHELTER_STATUSES } from '../shelters/nearest.ts';

export const SCOPE = 'bousai';

export const shelterStatusEnum = enumFromLocales(
  'bousai.shelterStatus',
  'shelter status',
  'shelterStatus',
  SHELTER_STATUSES,
);
export const shelterKindEnum = enumFromLocales('bousai.shelterKind', 'shelter kind', 'shelterKind', [
  'evacuation_site',
  'shelter',
] as const);
export const situationEnum = enumFromLocales('bousai.situation', 'situation', 'safetySituation', SITUATIONS);
export const needEnum = enumFromLocales('bousai.need', 'need', 'safetyNeed', NEEDS);

export const errorSchema = z.object({ error: z.string(), fields: z.array(z.string()).optional() });

export const shelterSchema = z.object({
  id: z.string().describe('the national 共通ID'),
  name: z.string(),
  kind: shelterKindEnum.output(),
  address: z.string(),
  latitude: z.number(),
  longitude: z.number(),
  hazards: z.array(z.enum(HAZARDS)).describe('the hazards the national data designates it for'),
  forCare: z.boolean().describe('受入対象者 要配慮者 (a 福祉避難所)'),
  status: shelterStatusEnum.output(),
  statusChangedAt: cityDateTime.nullable(),
});

export const shelterListQuery = z.object({
  status: shelterStatusEnum.listInput().optional(),
  kind: shelterKindEnum.input().optional(),
  q: z.string().max(100).optional().describe('part of the name or the 共通ID'),
  ...pageQuery(100, 500),
});

export const shelterParams = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'must be a 共通ID') });
export const statusBody = z.object({ status: shelterStatusEnum.input() });

export const importBody = z.object({
  files: z
    .array(
      z
        .object({
          name: z.string().trim().min(1).max(200).describe('the file name, named in problems'),
          content: z.string().max(20_000_000).optional().describe('the file as text (UTF-8)'),
          contentBase64: z
            .string()
            .max(30_000_000)
            .optional()
            .describe('or the file as base64 bytes (a Shift_JIS CSV)'),
        })
        .refine((file) => (file.content === undefined) !== (file.contentBase64 === undefined), {
          message: 'give content or contentBase64',
        }),
    )
    .min(1)
    .max(2)
    .describe(
      'a 指定緊急避難場所 file and/or a 指定避難所 file (CSV or GeoJSON), imported in one transaction',
    ),
});

export const problemSchema = z.object({
  file: z.string(),
  row: z.number().nullable(),
  column: z.string().nullable(),
  message: z.string(),
});

export const importResultSchema = z.object({
  added: z.number(),
  updated: z.number(),
  withdrawn: z.number().describe('of the same kind but not in the file: no longer offered to residents'),
  byKind: z.record(z.string(), z.number()),
});

export const importErrorSchema = z.object({ error: z.string(), problems: z.array(problemSchema) });

export const disasterSchema = z.object({
  id: z.string(),
  title: z.string(),
  startedAt: cityDateTime,
  closedAt: cityDateTime.nullable(),
});
export const disasterBody = z.object({ title: z.string().trim().min(1).max(100) });
export const disasterParams = z.object({ id: z.string().regex(/^\d{1,18}$/, 'must be a disaster id') });
export const disasterListQuery = z.object({ ...pageQuery(20, 100) });

const countSchema = z.object({ reports: z.number(), people: z.number() });
export const countsSchema = z.object({
  disaster: disasterSchema,
  situations: z.array(countSchema.extend({ situation: situationEnum.output() })),
  shelters: z.array(
    countSchema.extend({
      shelterId: z.string().nullable(),
      shelterName: z.string().nullable(),
    }),
  ),
});

export const helpSchema = z.object({
  id: z.string().describe('the report number'),
  displayName: z.string().nullable().describe('the reporter’s LINE name'),
  proxy: z
    .object({ name: z.string(), address: z.string().nullable(), phone: z.string().nullable() })
    .nullable()
    .describe('reported by a relative for this person'),
  people: z.number(),
  needs: z.array(needEnum.output()),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  updatedAt: cityDateTime,
});
export const helpListQuery = z.object({ ...pageQuery(100, 500) });
