// The zod schemas of the よくある質問 staff API (scope `faq`): question groups, entries with versions, statistics.
// Questions are shown as text, time and language only: never who asked.
import { z } from 'zod';
import { cityDateTime } from '../../../admin/city-time.ts';
import { LabelledEnum } from '../../../admin/labelled-enum.ts';
import { pageQuery } from '../../../admin/paging.ts';
import { t } from '../../../i18n/index.ts';
import { entrySchema, entryTextSchema } from '../content.ts';

export const SCOPE = 'faq';

function staffEnum<T extends string>(name: string, noun: string, prefix: string, ids: readonly T[]) {
  return new LabelledEnum(
    name,
    noun,
    ids.map((id) => ({
      id,
      labels: { ja: t('ja', `faqStaff:${prefix}.${id}`), en: t('en', `faqStaff:${prefix}.${id}`) },
    })),
  );
}

export const reviewReasonEnum = staffEnum('faq.reviewReason', 'reason', 'reviewReason', [
  'unanswered',
  'unsolved',
] as const);
export const languageEnum = staffEnum('faq.language', 'language', 'language', [
  'ja',
  'en',
  'ja-easy',
] as const);

export const errorSchema = z.object({ error: z.string(), fields: z.array(z.string()).optional() });

const uuid = z.uuid();

export const groupsQuery = z.object({
  days: z.coerce.number().int().min(1).max(366).default(90).describe('look at questions of the last N days'),
  ...pageQuery(20, 100),
});

export const groupSchema = z.object({
  id: z.string().describe('the id of the group’s newest question'),
  text: z.string().describe('the newest question of the group, as typed'),
  count: z.number(),
  questionIds: z.array(z.string()).describe('pass these to the actions on the group'),
  examples: z.array(z.string()).describe('up to five other wordings in the group'),
  languages: z.array(languageEnum.output()),
  reasons: z.array(reviewReasonEnum.output()),
  firstAskedAt: cityDateTime,
  lastAskedAt: cityDateTime,
  suggestions: z
    .array(z.object({ entryId: z.string(), question: z.string(), confidence: z.number() }))
    .describe('the entries the engine found closest: candidates to add the question to'),
});

export const questionIdsBody = z.object({
  questionIds: z.array(uuid).min(1).max(1000).describe('the questionIds of a group'),
});

export const phrasingBody = questionIdsBody.extend({
  entryId: z.string().min(1).max(40),
  text: z.string().trim().min(1).max(120).optional().describe('the wording to add; default the group’s text'),
  language: languageEnum.input().optional().describe('which language’s phrasings; default the question’s'),
});

export const entryOut = entrySchema.extend({
  version: z.number().describe('0: as shipped in the content files'),
});

export const entryDetail = entryOut.extend({
  versions: z.array(
    z.object({
      version: z.number(),
      source: z.enum(['staff', 'import']),
      staffId: z.string().nullable(),
      createdAt: cityDateTime,
      retired: z.boolean(),
    }),
  ),
});

export const entriesQuery = z.object({
  area: z.string().max(40).optional(),
  ...pageQuery(50, 200),
});

export const entryIdParams = z.object({ id: z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, 'an entry id') });

export const createEntryBody = z.object({
  entry: entrySchema,
  questionIds: z.array(uuid).max(1000).optional().describe('questions this entry answers: marked reviewed'),
});

export const updateEntryBody = z.object({
  entry: entrySchema.omit({ id: true }),
  baseVersion: z.number().int().min(0).describe('the version you edited; another edit since then is a 409'),
});

export const retireQuery = z.object({ baseVersion: z.coerce.number().int().min(0) });

export const importResult = z.object({
  created: z.array(z.string()),
  updated: z.array(z.string()),
  unchanged: z.number(),
});

export const statsQuery = z.object({ days: z.coerce.number().int().min(1).max(366).default(30) });

export const statsSchema = z.object({
  days: z.array(
    z.object({
      date: z.string(),
      questions: z.number(),
      answered: z.number(),
      routed: z.number(),
      unanswered: z.number(),
    }),
  ),
  questions: z.number(),
  answeredShare: z.number().describe('answered or routed to a feature, of all questions (0–1)'),
  topUnanswered: z.array(z.object({ text: z.string(), count: z.number() })),
  feedback: z.array(
    z.object({ entryId: z.string(), question: z.string(), solved: z.number(), unsolved: z.number() }),
  ),
});

export { entryTextSchema };
