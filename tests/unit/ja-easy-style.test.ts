// やさしい日本語 follows the national guideline (在留支援のためのやさしい日本語ガイドライン, 出入国在留管理庁・文化庁):
// short sentences with one idea each, ordinary kanji with the reading after a harder word (予約（よやく）), not
// whole sentences in hiragana split by spaces. Checked on every ja-easy text: the locale files, the 子育て content,
// the report categories.
import { describe, expect, it } from 'vitest';
import { loadChildcareContent } from '../../src/features/childcare/content.ts';
import { loadReportCatalog } from '../../src/features/reports/catalog/catalog.ts';
import { flattenKeys, loadResources } from '../../src/i18n/resources.ts';

/** Words a learner may not read: the first time each appears in a text it carries its reading. */
const HARD_WORDS = [
  '予約',
  '申告',
  '相談',
  '税金',
  '窓口',
  '番号',
  '登録',
  '削除',
  '同意',
  '写真',
  '場所',
  '報告',
  '住所',
  '変更',
  '確認',
  '受付',
  '情報',
  '健診',
  '予防接種',
  '生年月日',
  '誕生日',
  '順番',
  '手続',
  '災害',
  '避難',
  '記録',
  '理由',
  '対応',
  '遊具',
  '街灯',
  '標識',
  '段差',
  '地域',
  '小学校',
  '子育',
  '選',
  '送',
  '押',
  '使',
  '消',
  '届',
  '伝',
];

/** Longest sentence, in characters, once readings in parentheses are left out. */
const MAX_SENTENCE = 40;

// A reading: kana in full-width (or half-width) parentheses right after the kanji.
const READING = /[（(][ぁ-ゖァ-ヺー・]+[）)]/gu;
const KANJI_RUN = /[一-龯々]+/u;

function jaEasyTexts(): [where: string, text: string][] {
  const out: [string, string][] = [];
  const { resources } = loadResources();
  for (const [ns, table] of Object.entries(resources['ja-easy'])) {
    for (const [key, value] of flattenKeys(table)) {
      if (key === 'cancelWords' || key.startsWith('language.name')) continue;
      for (const text of Array.isArray(value) ? value : [value]) out.push([`${ns}:${key}`, String(text)]);
    }
  }
  const content = loadChildcareContent()['ja-easy'];
  content.topics.forEach((topic) => {
    out.push(
      [`childcare content ${topic.id}.title`, topic.title],
      [`childcare content ${topic.id}.summary`, topic.summary],
    );
    topic.items.forEach((item, i) => {
      for (const field of ['title', 'text', 'hours'] as const) {
        out.push([`childcare content ${topic.id}.items[${i}].${field}`, item[field]]);
      }
    });
  });
  const catalog = loadReportCatalog();
  for (const category of catalog.categories) {
    for (const field of ['name', 'description', 'commentExample'] as const) {
      const text = category[field]['ja-easy'];
      if (text) out.push([`report category ${category.id}.${field}`, text]);
    }
    const notice = category.emergency?.notice['ja-easy'];
    if (notice) out.push([`report category ${category.id}.emergency`, notice]);
  }
  for (const status of catalog.statuses) {
    if (status.label['ja-easy']) out.push([`report status ${status.id}`, status.label['ja-easy']]);
  }
  for (const department of catalog.departments) {
    if (department.name['ja-easy']) out.push([`department ${department.id}`, department.name['ja-easy']]);
  }
  return out;
}

/** The text a reader reads, without {{placeholders}}. */
const plain = (text: string) => text.replace(/\{\{[^}]*\}\}/g, '○');

function styleProblems(where: string, text: string): string[] {
  const problems: string[] = [];
  const bare = plain(text);
  for (const sentence of bare.replace(READING, '').split(/[。！？\n]/u)) {
    if ([...sentence.trim()].length > MAX_SENTENCE)
      problems.push(`${where}: sentence too long: “${sentence.trim()}”`);
  }
  // Words spaced out in hiragana (「よやくが できる ひ」): three or more in a row.
  const spaced = bare.match(/(?:[ぁ-ゖー]+[ 　]+){2,}[ぁ-ゖー]+/u);
  if (spaced) problems.push(`${where}: hiragana words split by spaces: “${spaced[0]}”`);
  // A whole sentence in hiragana (a reader of kanji loses the word boundaries).
  for (const sentence of bare.split(/[。！？\n]/u)) {
    const letters = sentence.replace(/[\s、・「」『』（）()：:!?！？○0-9０-９A-Za-z〜~/-]/gu, '');
    if ([...letters].length >= 16 && /^[ぁ-ゖー]+$/u.test(letters)) {
      problems.push(`${where}: sentence all in hiragana: “${sentence.trim()}”`);
    }
  }
  for (const word of HARD_WORDS) {
    const at = bare.indexOf(word);
    if (at < 0) continue;
    // The kanji run that holds the word, then its reading.
    const run = KANJI_RUN.exec(bare.slice(at))?.[0] ?? word;
    const after = bare.slice(at + run.length);
    if (!/^[ぁ-ゖ]{0,3}[（(][ぁ-ゖァ-ヺー・]+[）)]/u.test(after) && !/^[（(]/u.test(after)) {
      problems.push(`${where}: “${word}” without its reading the first time`);
    }
  }
  return problems;
}

describe('やさしい日本語', () => {
  it('is written to the guideline in every text', () => {
    const problems = jaEasyTexts().flatMap(([where, text]) => styleProblems(where, text));
    expect(problems).toEqual([]);
  });

  it('the checks find what the issue saw', () => {
    expect(styleProblems('x', 'よやくが できる ひ')).toHaveLength(1);
    expect(styleProblems('x', '予約番号を言ってください。')).toEqual([
      'x: “予約” without its reading the first time',
      'x: “番号” without its reading the first time',
    ]);
    expect(styleProblems('x', '予約番号（よやくばんごう）を言（い）ってください。')).toEqual([]);
    expect(styleProblems('x', '送（おく）ってください。')).toEqual([]);
    expect(styleProblems('x', 'あ'.repeat(41))).toHaveLength(2);
  });
});
