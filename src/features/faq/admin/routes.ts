// The よくある質問 staff API (scope `faq`): the groups of questions to review (viewer) and what to do with them —
// add as a phrasing, create an entry, dismiss (operator); entries with versions, edits and retirement
// (operator); CSV export (viewer) and import (manager); statistics (viewer). Every change is audited and takes
// effect on every instance at its next question.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { audit, requireRole } from '../../../admin/auth.ts';
import { decodeCursor, pageOf, pageSchema } from '../../../admin/paging.ts';
import { transact } from '../../../db/transact.ts';
import { badRequest, conflict, notFound } from '../../../http/http-error.ts';
import { isLanguage, type Language } from '../../../i18n/languages.ts';
import { entryText, type FaqEntry } from '../content.ts';
import type { FaqStore } from '../store.ts';
import { entriesCsv, parseEntriesCsv } from './csv.ts';
import { checkKnown, saveVersion } from './entry-versions.ts';
import { groupQuestions } from './grouping.ts';
import {
  feedbackPerEntry,
  markReviewed,
  openQuestions,
  openQuestionsByIds,
  questionsPerDay,
  versionsOf,
} from './queries.ts';
import {
  createEntryBody,
  entriesQuery,
  entryDetail,
  entryIdParams,
  entryOut,
  errorSchema,
  groupSchema,
  groupsQuery,
  importResult,
  phrasingBody,
  questionIdsBody,
  retireQuery,
  SCOPE,
  statsQuery,
  statsSchema,
  updateEntryBody,
} from './schemas.ts';

const DAY_MS = 24 * 60 * 60_000;
const offsetKey = z.tuple([z.number().int().min(0)]);
const csvAnswer = { content: { 'text/csv': { schema: z.string() } } };

export function faqRoutes(options: { store: FaqStore; now: () => Date }) {
  const { store, now } = options;
  return async function routes(app: FastifyInstance): Promise<void> {
    const fastify = app.withTypeProvider<ZodTypeProvider>();
    const pool = fastify.pg.pool;
    const tags = ['faq'];
    const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema };
    // CSV import: the body is the file as text (this scope only).
    fastify.addContentTypeParser(
      'text/csv',
      { parseAs: 'string', bodyLimit: 5 * 1024 * 1024 },
      (_req, body, done) => done(null, body),
    );

    async function groups(days: number) {
      const engine = await store.engine(pool);
      const questions = await openQuestions(pool, new Date(now().getTime() - days * DAY_MS));
      return groupQuestions(questions).map((group) => {
        const members = group.members;
        const times = members.map((m) => m.askedAt.getTime());
        return {
          id: group.representative.id,
          text: group.representative.text,
          count: members.length,
          questionIds: members.map((m) => m.id),
          examples: [...new Set(members.slice(1).map((m) => m.text))].slice(0, 5),
          languages: [...new Set(members.map((m) => m.language).filter(isLanguage))],
          reasons: [...new Set(members.map((m) => m.reason))],
          firstAskedAt: new Date(Math.min(...times)),
          lastAskedAt: new Date(Math.max(...times)),
          suggestions: engine.rank(group.representative.text, 3).map((r) => ({
            entryId: r.entry.id,
            question: r.entry.texts.ja.question,
            confidence: Math.round(r.confidence * 100) / 100,
          })),
        };
      });
    }

    fastify.get(
      '/admin/faq/question-groups',
      {
        schema: {
          tags,
          summary:
            'Questions not answered or marked 解決しない, grouped by similarity, the largest groups first',
          querystring: groupsQuery,
          response: { 200: pageSchema(groupSchema), ...errors },
        },
      },
      async (request) => {
        requireRole(request, SCOPE, 'viewer');
        const { days, limit, cursor } = request.query;
        const offset = decodeCursor(cursor, offsetKey)?.[0] ?? 0;
        const all = await groups(days);
        // Residents may type personal details into a question: who read them is recorded.
        await audit(pool, request, {
          action: 'faq.questions.read',
          resourceType: 'faq_question',
          personalData: true,
          details: { days, groups: all.length },
        });
        const page = pageOf(all.slice(offset, offset + limit + 1), limit, () => [offset + limit]);
        return page;
      },
    );

    fastify.post(
      '/admin/faq/question-groups/phrasing',
      {
        schema: {
          tags,
          summary:
            'Adds a group’s question as a phrasing of an entry (a new version) and marks the group reviewed',
          body: phrasingBody,
          response: { 200: entryOut, ...errors, 404: errorSchema, 409: errorSchema },
        },
      },
      async (request) => {
        requireRole(request, SCOPE, 'operator');
        const engine = await store.engine(pool);
        const current = engine.entry(request.body.entryId);
        if (!current) throw notFound(`entry ${request.body.entryId}`);
        const at = now();
        const saved = await transact(pool, async (tx) => {
          const questions = await openQuestionsByIds(tx, request.body.questionIds);
          const first = questions[0];
          if (!first) throw conflict('these questions were already reviewed');
          const wording = request.body.text ?? first.text.trim().slice(0, 120);
          const language: Language =
            request.body.language ?? (isLanguage(first.language) ? first.language : 'ja');
          const target = current.texts[language] ? language : 'ja';
          const words = entryText(current, target);
          const entry: FaqEntry = {
            ...current,
            texts: {
              ...current.texts,
              [target]: { ...words, phrasings: [...new Set([...words.phrasings, wording])].slice(0, 40) },
            },
          };
          const version = await saveVersion(tx, request, {
            entryId: current.id,
            entry,
            source: 'staff',
            action: 'faq.entry.phrasing',
            at,
            details: { language: target, questions: questions.length },
          });
          await markReviewed(tx, request.body.questionIds, 'phrasing', at);
          return { ...entry, version };
        });
        await store.refresh(pool);
        return saved;
      },
    );

    fastify.post(
      '/admin/faq/question-groups/dismiss',
      {
        schema: {
          tags,
          summary:
            'Marks a group reviewed without a change (greetings, questions the city does not answer here)',
          body: questionIdsBody,
          response: { 200: z.object({ dismissed: z.number() }), ...errors },
        },
      },
      async (request) => {
        requireRole(request, SCOPE, 'operator');
        return transact(pool, async (tx) => {
          const dismissed = await markReviewed(tx, request.body.questionIds, 'dismissed', now());
          await audit(tx, request, {
            action: 'faq.questions.dismiss',
            resourceType: 'faq_question',
            details: { dismissed },
          });
          return { dismissed };
        });
      },
    );

    fastify.get(
      '/admin/faq/entries',
      {
        schema: {
          tags,
          summary: 'The entries residents are answered from (shipped and edited), by id, paged',
          querystring: entriesQuery,
          response: { 200: pageSchema(entryOut), ...errors },
        },
      },
      async (request) => {
        requireRole(request, SCOPE, 'viewer');
        const { area, limit, cursor } = request.query;
        const after = decodeCursor(cursor, z.tuple([z.string()]))?.[0];
        const rows = (await store.entries(pool))
          .filter((e) => !area || e.entry.area === area)
          .sort((a, b) => a.entry.id.localeCompare(b.entry.id))
          .filter((e) => after === undefined || e.entry.id > after)
          .slice(0, limit + 1)
          .map((e) => ({ ...e.entry, version: e.version }));
        return pageOf(rows, limit, (row) => [row.id]);
      },
    );

    fastify.get(
      '/admin/faq/entries/:id',
      {
        schema: {
          tags,
          summary: 'One entry with its versions',
          params: entryIdParams,
          response: { 200: entryDetail, ...errors, 404: errorSchema },
        },
      },
      async (request) => {
        requireRole(request, SCOPE, 'viewer');
        const live = (await store.entries(pool)).find((e) => e.entry.id === request.params.id);
        if (!live) throw notFound(`entry ${request.params.id}`);
        return { ...live.entry, version: live.version, versions: await versionsOf(pool, live.entry.id) };
      },
    );

    fastify.post(
      '/admin/faq/entries',
      {
        schema: {
          tags,
          summary: 'Creates an entry (optionally answering a group of questions, which are marked reviewed)',
          body: createEntryBody,
          response: { 201: entryOut, ...errors, 409: errorSchema },
        },
      },
      async (request, reply) => {
        requireRole(request, SCOPE, 'operator');
        const { entry, questionIds } = request.body;
        checkKnown(store.content, entry);
        const engine = await store.engine(pool);
        if (engine.entry(entry.id)) throw conflict(`entry ${entry.id} exists: edit it instead`);
        const at = now();
        const version = await transact(pool, async (tx) => {
          const saved = await saveVersion(tx, request, {
            entryId: entry.id,
            entry,
            source: 'staff',
            action: 'faq.entry.create',
            at,
          });
          if (questionIds?.length) await markReviewed(tx, questionIds, 'entry', at);
          return saved;
        });
        await store.refresh(pool);
        return reply.code(201).send({ ...entry, version });
      },
    );

    fastify.put(
      '/admin/faq/entries/:id',
      {
        schema: {
          tags,
          summary:
            'Saves an edited entry as a new version (409 when someone saved another since baseVersion)',
          params: entryIdParams,
          body: updateEntryBody,
          response: { 200: entryOut, ...errors, 404: errorSchema, 409: errorSchema },
        },
      },
      async (request) => {
        requireRole(request, SCOPE, 'operator');
        const engine = await store.engine(pool);
        if (!engine.entry(request.params.id)) throw notFound(`entry ${request.params.id}`);
        const entry: FaqEntry = { ...request.body.entry, id: request.params.id };
        checkKnown(store.content, entry);
        const version = await transact(pool, (tx) =>
          saveVersion(tx, request, {
            entryId: entry.id,
            entry,
            source: 'staff',
            baseVersion: request.body.baseVersion,
            action: 'faq.entry.update',
            at: now(),
          }),
        );
        await store.refresh(pool);
        return { ...entry, version };
      },
    );

    fastify.delete(
      '/admin/faq/entries/:id',
      {
        schema: {
          tags,
          summary: 'Retires an entry (a version without content): residents are no longer answered with it',
          params: entryIdParams,
          querystring: retireQuery,
          response: {
            200: z.object({ id: z.string(), version: z.number() }),
            ...errors,
            404: errorSchema,
            409: errorSchema,
          },
        },
      },
      async (request) => {
        requireRole(request, SCOPE, 'operator');
        const engine = await store.engine(pool);
        if (!engine.entry(request.params.id)) throw notFound(`entry ${request.params.id}`);
        const version = await transact(pool, (tx) =>
          saveVersion(tx, request, {
            entryId: request.params.id,
            entry: null,
            source: 'staff',
            baseVersion: request.query.baseVersion,
            action: 'faq.entry.retire',
            at: now(),
          }),
        );
        await store.refresh(pool);
        return { id: request.params.id, version };
      },
    );

    fastify.get(
      '/admin/faq/export.csv',
      {
        schema: {
          tags,
          summary: 'Every current entry as CSV (UTF-8 with BOM; phrasings one per line in their cell)',
          response: { 200: csvAnswer, ...errors },
        },
      },
      async (request, reply) => {
        requireRole(request, SCOPE, 'viewer');
        const entries = (await store.entries(pool)).map((e) => e.entry);
        await audit(pool, request, {
          action: 'faq.entries.export',
          resourceType: 'faq_entry',
          details: { count: entries.length },
        });
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', 'attachment; filename="faq-entries.csv"')
          .send(entriesCsv(entries));
      },
    );

    fastify.post(
      '/admin/faq/import',
      {
        schema: {
          tags,
          summary:
            'Imports entries from CSV (the export’s columns): new ids are created, changed entries get a new ' +
            'version, others are left; nothing is imported when any row is wrong',
          consumes: ['text/csv'],
          body: z.string().max(5 * 1024 * 1024),
          response: { 200: importResult, ...errors, 409: errorSchema },
        },
      },
      async (request) => {
        requireRole(request, SCOPE, 'manager');
        const parsed = parseEntriesCsv(request.body);
        for (const entry of parsed.entries) {
          try {
            checkKnown(store.content, entry);
          } catch (error) {
            parsed.errors.push(`entry ${entry.id}: ${(error as Error).message.replace('body.entry.', '')}`);
          }
        }
        if (parsed.errors.length > 0) throw badRequest(parsed.errors.slice(0, 20).join('; '));
        const current = new Map((await store.entries(pool)).map((e) => [e.entry.id, e]));
        const created: string[] = [];
        const updated: string[] = [];
        let unchanged = 0;
        const at = now();
        await transact(pool, async (tx) => {
          for (const entry of parsed.entries) {
            const live = current.get(entry.id);
            if (live && JSON.stringify(live.entry) === JSON.stringify(entry)) {
              unchanged++;
              continue;
            }
            await saveVersion(tx, request, {
              entryId: entry.id,
              entry,
              source: 'import',
              baseVersion: live?.version,
              action: live ? 'faq.entry.update' : 'faq.entry.create',
              at,
            });
            (live ? updated : created).push(entry.id);
          }
        });
        await store.refresh(pool);
        return { created, updated, unchanged };
      },
    );

    fastify.get(
      '/admin/faq/stats',
      {
        schema: {
          tags,
          summary: 'Questions per day, the answered share, the largest unanswered groups, feedback per entry',
          querystring: statsQuery,
          response: { 200: statsSchema, ...errors },
        },
      },
      async (request) => {
        requireRole(request, SCOPE, 'viewer');
        const since = new Date(now().getTime() - request.query.days * DAY_MS);
        const days = await questionsPerDay(pool, since);
        const questions = days.reduce((sum, d) => sum + d.questions, 0);
        const answered = days.reduce((sum, d) => sum + d.answered + d.routed, 0);
        const engine = await store.engine(pool);
        const top = (await groups(request.query.days)).slice(0, 10);
        await audit(pool, request, {
          action: 'faq.stats.read',
          resourceType: 'faq_question',
          personalData: true,
          details: { days: request.query.days },
        });
        return {
          days,
          questions,
          answeredShare: questions ? Math.round((answered / questions) * 1000) / 1000 : 0,
          topUnanswered: top.map((g) => ({ text: g.text, count: g.count })),
          feedback: (await feedbackPerEntry(pool, since)).map((f) => ({
            ...f,
            question: engine.entry(f.entryId)?.texts.ja.question ?? f.entryId,
          })),
        };
      },
    );
  };
}
