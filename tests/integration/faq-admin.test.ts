// The よくある質問 staff API over HTTP (scope `faq`): unanswered and 解決しない questions grouped and counted
// (text, time, language — never who asked), added as a phrasing, answered by a new entry or dismissed; entries
// versioned with 409 on a stale edit, retired, audited; CSV export and import (all or nothing); statistics;
// questions deleted after a year.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffWithToken } from '../../src/admin/bootstrap.ts';
import { createFaqAdminRoutes } from '../../src/features/faq/admin/index.ts';
import { loadFaqContent } from '../../src/features/faq/content.ts';
import { purgeOldQuestions } from '../../src/features/faq/retention.ts';
import { FaqStore } from '../../src/features/faq/store.ts';
import { type AdminTestApp, startAdminTestApp } from '../helpers/admin-app.ts';
import { type AdminAnswer, adminCall } from '../helpers/admin-http.ts';

const content = loadFaqContent();
const store = new FaqStore(content);
let testApp: AdminTestApp;
let viewer: string;
let operator: string;
let manager: string;
let outsider: string;

const call = (
  method: string,
  path: string,
  token: string | undefined,
  body?: unknown,
): Promise<AdminAnswer> => adminCall(testApp.url, method, path, token, body);
const query = <T>(sql: string, params: unknown[] = []) => testApp.query<T>(sql, params);

async function ask(
  text: string,
  options: { outcome?: string; feedback?: string; entryId?: string; at?: Date } = {},
) {
  const id = randomUUID();
  await query(
    `INSERT INTO faq_questions (id, asked_at, language, text, outcome, entry_id, confidence, feedback)
     VALUES ($1, $2, 'ja', $3, $4, $5, 0.2, $6)`,
    [
      id,
      options.at ?? new Date(),
      text,
      options.outcome ?? 'unanswered',
      options.entryId ?? null,
      options.feedback ?? null,
    ],
  );
  return id;
}

beforeAll(async () => {
  testApp = await startAdminTestApp([createFaqAdminRoutes({ store, now: () => new Date() })]);
  const staff = async (name: string, role: 'viewer' | 'operator' | 'manager', scope = 'faq') =>
    (
      await createStaffWithToken(testApp.app.pg.pool, {
        name,
        isAdmin: false,
        roles: [{ scope, role }],
        via: 'test',
      })
    ).token;
  viewer = await staff('Viewer', 'viewer');
  operator = await staff('Operator', 'operator');
  manager = await staff('Manager', 'manager');
  outsider = await staff('Outsider', 'manager', 'reports');
}, 180_000);
afterAll(async () => {
  await testApp?.close();
});

interface Group {
  id: string;
  text: string;
  count: number;
  questionIds: string[];
  reasons: string[];
  suggestions: { entryId: string }[];
  lastAskedAt: string;
}

describe('question groups', () => {
  it('groups similar questions, largest first, with suggestions; viewers read, others are refused', async () => {
    await ask('パスポートの申請はどこでできますか');
    await ask('パスポートの申請はどこでできる？');
    await ask('パスポート申請はどこでできますか');
    await ask('猫の里親を探しています');
    await ask('転出届を出したい', { outcome: 'answered', entryId: 'move-out', feedback: 'unsolved' });
    await ask('住民票がほしい', { outcome: 'answered', entryId: 'juminhyo-copy', feedback: 'solved' });
    expect((await call('GET', '/admin/faq/question-groups', outsider)).status).toBe(403);
    expect((await call('GET', '/admin/faq/question-groups', undefined)).status).toBe(401);
    const answer = await call('GET', '/admin/faq/question-groups', viewer);
    expect(answer.status).toBe(200);
    const items = answer.body.items as Group[];
    expect(items[0]?.count).toBe(3);
    expect(items[0]?.text).toContain('パスポート');
    expect(items[0]?.lastAskedAt).toMatch(/\+09:00$/);
    expect(items.map((g) => g.text)).toContain('転出届を出したい');
    expect(JSON.stringify(items.find((g) => g.text === '転出届を出したい')?.reasons)).toContain('unsolved');
    expect(items.map((g) => g.text)).not.toContain('住民票がほしい');
    expect(items.find((g) => g.text === '転出届を出したい')?.suggestions[0]?.entryId).toBe('move-out');
    const audit = await query<{ personal_data: boolean }>(
      `SELECT personal_data FROM audit_log WHERE action = 'faq.questions.read'`,
    );
    expect(audit[0]?.personal_data).toBe(true);
    // Paging: one group per page.
    const first = await call('GET', '/admin/faq/question-groups?limit=1', viewer);
    expect((first.body.items as Group[]).length).toBe(1);
    const second = await call(
      'GET',
      `/admin/faq/question-groups?limit=1&cursor=${first.body.nextCursor}`,
      viewer,
    );
    expect((second.body.items as Group[])[0]?.id).not.toBe((first.body.items as Group[])[0]?.id);
  });

  it('adds a group as a phrasing of an entry (version 1, audited) and takes it off the list', async () => {
    const groups = (await call('GET', '/admin/faq/question-groups', viewer)).body.items as Group[];
    const group = groups.find((g) => g.text === '転出届を出したい');
    expect(group).toBeDefined();
    const body = { questionIds: group?.questionIds, entryId: 'move-out', text: '転出の届けを出したい' };
    expect((await call('POST', '/admin/faq/question-groups/phrasing', viewer, body)).status).toBe(403);
    const added = await call('POST', '/admin/faq/question-groups/phrasing', operator, body);
    expect(added.status).toBe(200);
    expect(added.body.version).toBe(1);
    expect((added.body.texts as { ja: { phrasings: string[] } }).ja.phrasings).toContain(
      '転出の届けを出したい',
    );
    const after = (await call('GET', '/admin/faq/question-groups', viewer)).body.items as Group[];
    expect(after.map((g) => g.text)).not.toContain('転出届を出したい');
    expect(await query(`SELECT action FROM audit_log WHERE action = 'faq.entry.phrasing'`)).toHaveLength(1);
    expect((await call('POST', '/admin/faq/question-groups/phrasing', operator, body)).status).toBe(409);
  });

  it('dismisses a group', async () => {
    const groups = (await call('GET', '/admin/faq/question-groups', viewer)).body.items as Group[];
    const cat = groups.find((g) => g.text.includes('猫'));
    const answer = await call('POST', '/admin/faq/question-groups/dismiss', operator, {
      questionIds: cat?.questionIds,
    });
    expect(answer.body).toEqual({ dismissed: 1 });
    const after = (await call('GET', '/admin/faq/question-groups', viewer)).body.items as Group[];
    expect(after.find((g) => g.text.includes('猫'))).toBeUndefined();
  });
});

describe('entries', () => {
  const passport = {
    id: 'passport',
    area: 'koseki',
    department: 'shimin',
    url: 'https://www.city.kasuga.fukuoka.jp/',
    checked: '2026-12-03',
    texts: {
      ja: {
        question: 'パスポートの申請',
        phrasings: ['パスポートを作りたい'],
        answer: '県のパスポートセンターで申請します（サンプル）。',
      },
    },
  };

  it('creates an entry answering a group, edits it with the version it was read at, retires it', async () => {
    const groups = (await call('GET', '/admin/faq/question-groups', viewer)).body.items as Group[];
    const group = groups.find((g) => g.text.includes('パスポート'));
    const created = await call('POST', '/admin/faq/entries', operator, {
      entry: passport,
      questionIds: group?.questionIds,
    });
    expect(created.status).toBe(201);
    expect(created.body.version).toBe(1);
    expect((await call('POST', '/admin/faq/entries', operator, { entry: passport })).status).toBe(409);
    const badArea = await call('POST', '/admin/faq/entries', operator, {
      entry: { ...passport, id: 'x-1', area: 'nope' },
    });
    expect(badArea.status).toBe(400);
    expect(badArea.body.error).toContain('area');
    // The new entry answers at once.
    expect((await store.engine(testApp.app.pg.pool)).ask('パスポートを作りたい').kind).toBe('answer');

    const { id: _id, ...edit } = {
      ...passport,
      texts: { ja: { ...passport.texts.ja, answer: '福岡県の旅券センターで申請します（サンプル）。' } },
    };
    const stale = await call('PUT', '/admin/faq/entries/passport', operator, { entry: edit, baseVersion: 0 });
    expect(stale.status).toBe(409);
    const saved = await call('PUT', '/admin/faq/entries/passport', operator, { entry: edit, baseVersion: 1 });
    expect(saved.status).toBe(200);
    expect(saved.body.version).toBe(2);
    const detail = await call('GET', '/admin/faq/entries/passport', viewer);
    expect((detail.body.versions as { version: number }[]).map((v) => v.version)).toEqual([2, 1]);
    expect((detail.body.versions as { createdAt: string }[])[0]?.createdAt).toMatch(/\+09:00$/);

    const retired = await call('DELETE', '/admin/faq/entries/passport?baseVersion=2', operator);
    expect(retired.status).toBe(200);
    expect((await call('GET', '/admin/faq/entries/passport', viewer)).status).toBe(404);
    expect((await store.engine(testApp.app.pg.pool)).entry('passport')).toBeUndefined();
    const actions = await query<{ action: string }>(
      `SELECT action FROM audit_log WHERE resource_type = 'faq_entry' AND resource_id = 'passport' ORDER BY id`,
    );
    expect(actions.map((a) => a.action)).toEqual([
      'faq.entry.create',
      'faq.entry.update',
      'faq.entry.retire',
    ]);
  });

  it('lists entries by page and area', async () => {
    const page = await call('GET', '/admin/faq/entries?area=gomi&limit=5', viewer);
    expect((page.body.items as { area: string }[]).every((e) => e.area === 'gomi')).toBe(true);
    const next = await call(
      'GET',
      `/admin/faq/entries?area=gomi&limit=5&cursor=${page.body.nextCursor}`,
      viewer,
    );
    expect((next.body.items as unknown[]).length).toBe(5);
    expect(next.body.nextCursor).toBeNull();
  });
});

describe('CSV', () => {
  it('exports every entry and imports changes all or nothing (managers only)', async () => {
    const exported = await call('GET', '/admin/faq/export.csv', viewer);
    expect(exported.status).toBe(200);
    expect(exported.bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const lines = exported.text.split('\r\n').filter(Boolean);
    expect(lines.length).toBeGreaterThan(150);
    const edited = exported.text.replace('粗大ごみは事前申し込み制です。', '粗大ごみは予約制です。');
    const post = (token: string, text: string) =>
      fetch(`${testApp.url}/admin/faq/import`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
        body: text,
      });
    expect((await post(operator, edited)).status).toBe(403);
    const imported = await post(manager, edited);
    expect(imported.status).toBe(200);
    const result = (await imported.json()) as { created: string[]; updated: string[]; unchanged: number };
    expect(result.updated).toEqual(['gomi-bulky']);
    expect(result.created).toEqual([]);
    const broken = edited.replace('"gomi-calendar","gomi"', '"gomi-calendar","nowhere"');
    const refused = await post(manager, broken);
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: string }).error).toContain('gomi-calendar');
    const versions = await query(`SELECT 1 FROM faq_entry_versions WHERE entry_id = 'gomi-calendar'`);
    expect(versions).toEqual([]);
  });
});

describe('statistics and retention', () => {
  it('counts questions per day and the answered share; feedback per entry', async () => {
    await query(
      `INSERT INTO faq_feedback (entry_id, helpful, language, at) VALUES ('gomi-bulky', true, 'ja', now()), ('gomi-bulky', false, 'ja', now())`,
    );
    const stats = await call('GET', '/admin/faq/stats?days=7', viewer);
    expect(stats.status).toBe(200);
    expect(stats.body.questions).toBeGreaterThanOrEqual(6);
    expect(stats.body.answeredShare).toBeGreaterThan(0);
    expect(stats.body.feedback).toEqual(
      expect.arrayContaining([expect.objectContaining({ entryId: 'gomi-bulky', solved: 1, unsolved: 1 })]),
    );
  });

  it('deletes questions older than a year', async () => {
    const old = await ask('去年の質問', { at: new Date(Date.now() - 400 * 24 * 60 * 60_000) });
    const result = await purgeOldQuestions(testApp.app.pg.pool, new Date());
    expect(result.questions).toBeGreaterThanOrEqual(1);
    expect(await query('SELECT 1 FROM faq_questions WHERE id = $1', [old])).toEqual([]);
    expect((await query('SELECT 1 FROM faq_questions')).length).toBeGreaterThan(0);
  });
});
