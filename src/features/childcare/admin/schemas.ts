// The zod schemas of the childcare staff API: they validate requests, shape answers (counts only: never a
// LINE user id or a child's data) and generate its OpenAPI document.
import { z } from 'zod';
import { cityDateTime } from '../../../admin/city-time.ts';
import { pageQuery } from '../../../admin/paging.ts';
import { enumFromLocales } from '../../../admin/staff-labels.ts';
import { LIMITS, utf16 } from '../../../line/message-limits-rules.ts';
import { DISTRICTS, isDistrict } from '../districts.ts';
import type { BatchCounts, SegmentSend, SendResults } from '../segments/types.ts';

export const SCOPE = 'childcare';

export const segmentStatusEnum = enumFromLocales(
  'childcare.segmentStatus',
  'segment status',
  'segmentStatus',
  ['scheduled', 'sending', 'done', 'cancelled'] as const,
);

const messageText = utf16(1, LIMITS.text).refine((text) => text.trim() !== '', 'must not be blank');
const months = z.number().int().min(0).max(240);

const district = z
  .string()
  .superRefine((id, ctx) => {
    if (!isDistrict(id)) {
      const known = DISTRICTS.map((d) => d.id).join(', ');
      ctx.addIssue({ code: 'custom', message: `unknown district "${id}"; one of ${known}` });
    }
  })
  .optional()
  .describe('a district id from GET /admin/childcare/districts; left out: every parent');

const ageRange = {
  ageFromMonths: months.describe('age in completed months on the city date of sending, included'),
  ageToMonths: months.describe('included'),
  district,
};
const inOrder = (body: { ageFromMonths: number; ageToMonths: number }) =>
  body.ageFromMonths <= body.ageToMonths;
const notInOrder = { path: ['ageToMonths'], message: 'must not be less than ageFromMonths' };

export const previewBody = z
  .object({
    ...ageRange,
    at: z.iso.datetime({ offset: true }).optional().describe('count as on this moment; default now'),
  })
  .refine(inOrder, notInOrder);

export const createBody = z
  .object({
    title: z.string().trim().min(1).max(100).describe('for staff only; parents see the text'),
    texts: z
      .object({ ja: messageText, en: messageText.optional(), 'ja-easy': messageText.optional() })
      .strict()
      .describe('the message per language; parents whose language has none get the ja text'),
    ...ageRange,
    scheduledAt: z.iso
      .datetime({ offset: true })
      .optional()
      .describe(
        'when to send; default now; at most a minute in the past. Between 20:00 and 08:00 city time the send ' +
          'waits until 08:00 unless urgent',
      ),
    urgent: z.boolean().default(false).describe('send during the quiet hours (20:00–08:00) too; audited'),
  })
  .refine(inOrder, notInOrder);

export const idParams = z.object({ id: z.string().regex(/^\d{1,18}$/, 'must be a send id') });

export const listQuery = z.object({
  status: segmentStatusEnum.listInput().optional(),
  ...pageQuery(50, 200),
});

export const countSchema = z.object({
  recipients: z.number().describe('parents who follow the account: one message each'),
  blocked: z.number().describe('parents in range who blocked the account: not sent to'),
  children: z.number().describe('children in range'),
});

const resultsSchema = z.object({
  recipients: z
    .number()
    .describe('parents sent to: pending + sent + failed (blocked and withdrawn apart, as in the preview)'),
  pending: z.number(),
  sent: z.number(),
  failed: z.number(),
  blocked: z.number().describe('blocked the account (before or during the send): not sent to'),
  withdrawn: z.number().describe('withdrew consent after the send started: not sent to'),
});

export const summarySchema = z.object({
  id: z.string(),
  title: z.string(),
  ageFromMonths: z.number(),
  ageToMonths: z.number(),
  district: z.string().nullable(),
  scheduledAt: cityDateTime,
  urgent: z.boolean(),
  status: segmentStatusEnum.output(),
  createdAt: cityDateTime,
  startedAt: cityDateTime.nullable(),
  finishedAt: cityDateTime.nullable(),
  cancelledAt: cityDateTime.nullable(),
  results: resultsSchema.describe('fixed when sending starts; zero before'),
});

export const detailSchema = summarySchema.extend({
  texts: z.record(z.string(), z.string()),
  batches: z.object({
    total: z.number(),
    pending: z.number(),
    sending: z.number(),
    sent: z.number(),
    failed: z.number(),
  }),
});

export const createdSchema = z.object({
  id: z.string(),
  status: z.literal('scheduled'),
  scheduledAt: cityDateTime,
  /** The requested time fell in the quiet hours: the send was moved to 08:00. */
  deferredForQuietHours: z.boolean().describe('the requested time fell in the quiet hours; moved to 08:00'),
  preview: countSchema.describe('as counted now for the city date of scheduledAt; fixed when sending starts'),
});

export const errorSchema = z.object({ error: z.string(), fields: z.array(z.string()).optional() });

export function summaryOut(send: SegmentSend, results: SendResults): z.infer<typeof summarySchema> {
  return {
    id: send.id,
    title: send.title,
    ageFromMonths: send.ageFromMonths,
    ageToMonths: send.ageToMonths,
    district: send.district,
    scheduledAt: send.scheduledAt,
    urgent: send.urgent,
    status: send.status,
    createdAt: send.createdAt,
    startedAt: send.startedAt,
    finishedAt: send.finishedAt,
    cancelledAt: send.cancelledAt,
    results,
  };
}

export function detailOut(
  send: SegmentSend,
  results: SendResults,
  batches: BatchCounts,
): z.infer<typeof detailSchema> {
  return { ...summaryOut(send, results), texts: send.texts, batches };
}
