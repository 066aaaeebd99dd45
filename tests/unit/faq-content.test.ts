// よくある質問 content and engine without a database: the shipped files pass their checks (≥150 entries over the
// 15 areas in three languages), a broken file is named with its field, CSV survives a round trip, similar
// questions group, and the labelled set still meets the targets (top-1 ≥ 85 %, refusals ≥ 80 %).
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { evaluate, type LabelledQuestion } from '../../bench/faq/evaluate.ts';
import { entriesCsv, parseEntriesCsv } from '../../src/features/faq/admin/csv.ts';
import { groupQuestions } from '../../src/features/faq/admin/grouping.ts';
import { CONTENT_DIR, FaqContentError, loadFaqContent } from '../../src/features/faq/content.ts';
import { FaqEngine } from '../../src/features/faq/engine.ts';

const content = loadFaqContent();

describe('shipped content', () => {
  it('has at least 150 entries over the 15 areas, each in ja, en and ja-easy', () => {
    expect(content.entries.length).toBeGreaterThanOrEqual(150);
    expect(content.areas).toHaveLength(15);
    for (const area of content.areas) {
      expect(content.entries.filter((e) => e.area === area.id).length).toBeGreaterThanOrEqual(5);
    }
    for (const entry of content.entries) {
      expect(entry.texts.en).toBeDefined();
      expect(entry.texts['ja-easy']).toBeDefined();
      expect(entry.url.startsWith('https://www.city.kasuga.fukuoka.jp/')).toBe(true);
    }
  });

  it('names the file and the field of a mistake', () => {
    const dir = mkdtempSync(join(tmpdir(), 'faq-content-'));
    cpSync(new URL('.', CONTENT_DIR), dir, { recursive: true });
    const file = join(dir, 'entries', 'gomi.json');
    const data = JSON.parse(readFileSync(file, 'utf8')) as { entries: { ja: { answer: string } }[] };
    const first = data.entries[0];
    if (first) first.ja.answer = '';
    writeFileSync(file, JSON.stringify(data));
    const url = pathToFileURL(`${dir}/`);
    expect(() => loadFaqContent(url)).toThrow(FaqContentError);
    expect(() => loadFaqContent(url)).toThrow(/gomi\.json: field "entries\.0\.ja\.answer"/);
  });
});

describe('CSV', () => {
  it('round-trips every entry, formulas neutralised', () => {
    const entries = content.entries.slice(0, 20);
    const tricky = {
      ...entries[0],
      texts: { ja: { question: '=1+1 は？', phrasings: ['-a', '@b'], answer: '+c' } },
    };
    const csv = entriesCsv([...entries, tricky as (typeof entries)[number]]);
    expect(csv).toContain('"\'=1+1 は？"');
    const parsed = parseEntriesCsv(csv);
    expect(parsed.errors).toEqual([`entry ${entries[0]?.id} appears twice`]);
    expect(parsed.entries.slice(0, 20)).toEqual(entries);
    expect(parsed.entries[20]?.texts.ja).toEqual(tricky.texts.ja);
  });

  it('refuses a file with other columns', () => {
    expect(parseEntriesCsv('a,b\n1,2').errors[0]).toMatch(/first row must be the columns/);
  });
});

describe('grouping', () => {
  it('puts rewordings of one question together, the largest group first', () => {
    const at = new Date();
    const q = (id: string, text: string) => ({ id, text, askedAt: at, language: 'ja' });
    const groups = groupQuestions([
      q('1', '猫の里親を探しています'),
      q('2', 'パスポートの申請はどこ'),
      q('3', 'パスポートの申請はどこですか'),
      q('4', 'パスポート申請はどこ？'),
    ]);
    expect(groups.map((g) => g.members.map((m) => m.id))).toEqual([['2', '3', '4'], ['1']]);
  });
});

describe('the labelled questions', () => {
  it('meet the targets: top-1 ≥ 85 %, no-answer refusals ≥ 80 %', () => {
    const set = JSON.parse(
      readFileSync(new URL('../../bench/faq/eval-questions.json', import.meta.url), 'utf8'),
    ) as {
      questions: LabelledQuestion[];
    };
    expect(set.questions.length).toBeGreaterThanOrEqual(200);
    const figures = evaluate(new FaqEngine(content), set.questions);
    expect(figures.top1 / figures.answerable).toBeGreaterThanOrEqual(0.85);
    expect(figures.refusalsCorrect / figures.noAnswer).toBeGreaterThanOrEqual(0.8);
  });

  it('routes only when the question is the intent: 体育館を予約したい is a question about facilities', () => {
    const engine = new FaqEngine(content);
    expect(engine.ask('予約したい')).toMatchObject({ kind: 'intent', intent: { id: 'reservations' } });
    expect(engine.ask('体育館を予約したい')).toMatchObject({
      kind: 'answer',
      entry: { id: 'facility-booking' },
    });
    expect(engine.ask('避難所', (i) => i.id !== 'disaster')).toMatchObject({
      kind: 'answer',
      entry: { id: 'shelter-where' },
    });
  });
});
