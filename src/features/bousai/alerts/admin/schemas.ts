// Zod schemas of the 防災 alerts staff API (scope `bousai`): disaster mode, 避難情報 pushes, JMA rule matches.
import { z } from 'zod';
import { cityDateTime } from '../../../../admin/city-time.ts';
import { LabelledEnum } from '../../../../admin/labelled-enum.ts';
import { pageQuery } from '../../../../admin/paging.ts';
import { DISTRICTS, isDistrict } from '../../../childcare/districts.ts';
import type { ALERT_TEMPLATES } from '../push/templates.ts';

export const SCOPE = 'bousai';

export const errorSchema = z.object({ error: z.string(), fields: z.array(z.string()).optional() });

export const menuModeEnum = new LabelledEnum('bousai.mode', 'mode', [
  { id: 'normal', labels: { ja: '通常', en: 'Normal' } },
  { id: 'disaster', labels: { ja: '災害モード', en: 'Disaster mode' } },
] as const);

export const switchStatusEnum = new LabelledEnum('bousai.switchStatus', 'switch status', [
  { id: 'pending', labels: { ja: '待機中', en: 'Pending' } },
  { id: 'running', labels: { ja: '切替中', en: 'Switching' } },
  { id: 'done', labels: { ja: '完了', en: 'Done' } },
  { id: 'superseded', labels: { ja: '取消（新しい切替）', en: 'Superseded' } },
] as const);

export const switchPhaseEnum = new LabelledEnum('bousai.switchPhase', 'switch phase', [
  { id: 'menus', labels: { ja: 'メニュー準備', en: 'Preparing menus' } },
  { id: 'default', labels: { ja: '既定メニュー', en: 'Default menu' } },
  { id: 'users', labels: { ja: '利用者ごとの切替', en: 'Linking users' } },
  { id: 'done', labels: { ja: '完了', en: 'Done' } },
] as const);

export const alertStatusEnum = new LabelledEnum('bousai.alertStatus', 'alert status', [
  { id: 'scheduled', labels: { ja: '送信待ち', en: 'Scheduled' } },
  { id: 'sending', labels: { ja: '送信中', en: 'Sending' } },
  { id: 'done', labels: { ja: '送信済み', en: 'Done' } },
] as const);

export const alertTemplateEnum = new LabelledEnum('bousai.alertTemplate', 'template', [
  { id: 'emergency_safety', labels: { ja: '緊急安全確保（レベル5）', en: 'Emergency safety (level 5)' } },
  { id: 'evacuation_order', labels: { ja: '避難指示（レベル4）', en: 'Evacuation order (level 4)' } },
  { id: 'elderly_evacuation', labels: { ja: '高齢者等避難（レベル3）', en: 'Elderly evacuation (level 3)' } },
  { id: 'shelter_opened', labels: { ja: '避難所開設', en: 'Shelters open' } },
  { id: 'lifted', labels: { ja: '解除', en: 'Lifted' } },
] as const satisfies readonly { id: (typeof ALERT_TEMPLATES)[number]; labels: { ja: string; en: string } }[]);

export const matchStatusEnum = new LabelledEnum('bousai.jmaMatchStatus', 'JMA match status', [
  { id: 'entered', labels: { ja: '自動で災害モード', en: 'Entered automatically' } },
  { id: 'awaiting', labels: { ja: '確認待ち', en: 'Awaiting confirmation' } },
  { id: 'confirmed', labels: { ja: '確認済み（切替）', en: 'Confirmed' } },
  { id: 'dismissed', labels: { ja: '見送り', en: 'Dismissed' } },
  { id: 'already', labels: { ja: '災害モード中', en: 'Already in disaster mode' } },
] as const);

export const ALL_ENUMS = [
  menuModeEnum,
  switchStatusEnum,
  switchPhaseEnum,
  alertStatusEnum,
  alertTemplateEnum,
  matchStatusEnum,
];

export const modeBody = z.object({
  mode: menuModeEnum.input(),
  reason: z.string().trim().min(1).max(200).describe('why (audited)'),
  disasterTitle: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .optional()
    .describe('entering: the disaster to open if none is'),
  closeDisaster: z
    .boolean()
    .default(false)
    .describe('leaving: also close the disaster (安否 reports are deleted later)'),
});

const switchSchema = z.object({
  id: z.string(),
  target: menuModeEnum.output(),
  status: switchStatusEnum.output(),
  phase: switchPhaseEnum.output(),
  usersTotal: z.number().nullable().describe('followers to link, counted when the users phase starts'),
  usersDone: z.number(),
  linkRequests: z.number().describe('bulk-link requests made (≤ 500 users each)'),
  source: z.enum(['staff', 'jma']),
  reason: z.string().nullable(),
  requestedAt: cityDateTime,
  startedAt: cityDateTime.nullable(),
  finishedAt: cityDateTime.nullable(),
  attempts: z.number(),
  lastError: z.string().nullable(),
});

export const modeSchema = z.object({
  mode: menuModeEnum.output(),
  disasterId: z.string().nullable(),
  changedAt: cityDateTime,
  switch: switchSchema.nullable().describe('the open switch, else the last one'),
});

export const modeRequestedSchema = modeSchema.extend({
  changed: z.boolean().describe('false: the account already was (or was switching) in that mode'),
});

const district = z.string().superRefine((id, ctx) => {
  if (!isDistrict(id)) {
    ctx.addIssue({
      code: 'custom',
      message: `unknown district "${id}"; one of ${DISTRICTS.map((d) => d.id).join(', ')}`,
    });
  }
});
const districts = z
  .array(district)
  .min(1)
  .max(DISTRICTS.length)
  .optional()
  .describe('district ids (GET /admin/bousai/alerts/templates); left out: every follower');

export const previewBody = z.object({ districts });

export const countSchema = z.object({
  recipients: z.number().describe('followers reached: one message each'),
  blocked: z.number().describe('in the audience but blocked the account: not sent to'),
  byLanguage: z.record(z.string(), z.number()),
});

export const createBody = z.object({
  template: alertTemplateEnum.input(),
  districts,
  requestKey: z.uuid().describe('one per staff request: sending the same request again creates nothing new'),
});

export const idParams = z.object({ id: z.string().regex(/^\d{1,18}$/, 'must be an id') });

export const listQuery = z.object({ ...pageQuery(20, 100) });

const resultsSchema = z.object({
  recipients: z.number(),
  pending: z.number(),
  sent: z.number(),
  failed: z.number(),
  blocked: z.number(),
});

export const alertSchema = z.object({
  id: z.string(),
  template: alertTemplateEnum.output(),
  districts: z.array(z.string()).nullable(),
  texts: z.record(z.string(), z.string()),
  status: alertStatusEnum.output(),
  createdAt: cityDateTime,
  startedAt: cityDateTime.nullable(),
  finishedAt: cityDateTime.nullable(),
  results: resultsSchema,
  batches: z.object({
    total: z.number(),
    pending: z.number(),
    sending: z.number(),
    sent: z.number(),
    failed: z.number(),
  }),
});

export const createdSchema = alertSchema.extend({
  created: z.boolean().describe('false: this requestKey had already created the push'),
  preview: countSchema,
});

export const templatesSchema = z.object({
  templates: z.array(
    z.object({ id: alertTemplateEnum.output(), name: z.string(), example: z.record(z.string(), z.string()) }),
  ),
  districts: z.array(z.object({ id: z.string(), name: z.string() })),
});

export const matchSchema = z.object({
  id: z.string(),
  entryId: z.string(),
  ruleId: z.string(),
  action: z.enum(['enter', 'confirm']),
  summary: z.string(),
  status: matchStatusEnum.output(),
  createdAt: cityDateTime,
  decidedAt: cityDateTime.nullable(),
});

export const matchesQuery = z.object({
  status: matchStatusEnum.listInput().optional(),
  ...pageQuery(20, 100),
});
