// ごみ data: the shipped sample reads and holds what the city asked for; the calendar applies rules (weekdays,
// nth weekdays, listed dates), holidays and exceptions (年末年始 cancellations, extra days, moved days); a bad
// file is refused with every problem named by file, row and column; item search finds typed and kana names.
import { describe, expect, it } from 'vitest';
import { collectionsOn, nextCollection } from '../../src/features/gomi/calendar/collections.ts';
import { GomiDataError } from '../../src/features/gomi/dataset/errors.ts';
import { parseDataset, parseRules } from '../../src/features/gomi/dataset/parse.ts';
import { readDatasetFiles, sampleDataset } from '../../src/features/gomi/dataset/sample.ts';
import type { DatasetFiles } from '../../src/features/gomi/dataset/types.ts';
import { ItemSearch } from '../../src/features/gomi/search/item-search.ts';

const files = readDatasetFiles();

function withFiles(changes: Partial<DatasetFiles>): DatasetFiles {
  return { ...files, ...changes };
}

function problemsOf(changes: Partial<DatasetFiles>) {
  try {
    parseDataset(withFiles(changes));
  } catch (error) {
    if (error instanceof GomiDataError) return error.problems;
    throw error;
  }
  return [];
}

describe('the sample data', () => {
  const data = sampleDataset();

  it('has at least 300 items with synonyms, every category used exists, and areas by school district', () => {
    expect(data.items.length).toBeGreaterThanOrEqual(300);
    expect(data.items.filter((i) => i.synonyms.length > 0).length).toBeGreaterThan(250);
    const categories = new Set(data.categories.map((c) => c.id));
    for (const item of data.items) expect(categories.has(item.category), item.name).toBe(true);
    expect(data.areas).toHaveLength(12);
    for (const area of data.areas) expect(data.rules[area.id]).toBeDefined();
  });

  it('reads weekly, nth-weekday and listed-date rules', () => {
    expect(parseRules('月 木')).toEqual([
      { kind: 'weekly', weekday: 1 },
      { kind: 'weekly', weekday: 4 },
    ]);
    expect(parseRules('水2 20270105 2027-02-01')).toEqual([
      { kind: 'nth', weekday: 3, nth: 2 },
      { kind: 'date', date: '2027-01-05' },
      { kind: 'date', date: '2027-02-01' },
    ]);
    expect(parseRules('水6')).toEqual({ bad: '水6' });
  });

  it('gives each day its categories: weekdays, the nth weekday, holidays', () => {
    // kasuga: 燃えるごみ 月木, 燃えないごみ 水2, プラ 水, びん 金1, 缶 金3.
    expect(collectionsOn(data, 'kasuga', '2026-12-07')).toEqual(['burnable']); // Monday
    expect(collectionsOn(data, 'kasuga', '2026-12-09')).toEqual(['nonburnable', 'plastic']); // 2nd Wednesday
    expect(collectionsOn(data, 'kasuga', '2026-12-16')).toEqual(['plastic']); // 3rd Wednesday
    expect(collectionsOn(data, 'kasuga', '2026-12-04')).toEqual(['bottles']); // 1st Friday
    expect(collectionsOn(data, 'kasuga', '2026-12-18')).toEqual(['cans']); // 3rd Friday
    expect(collectionsOn(data, 'kasuga', '2026-12-06')).toEqual([]); // Sunday
    // 2027-01-11 成人の日 is a Monday: burnable is collected on holidays in the sample.
    expect(collectionsOn(data, 'kasuga', '2027-01-11')).toEqual(['burnable']);
    // A category that skips holidays (a modified sample): none on that Monday.
    const skipping = parseDataset(
      withFiles({ 'categories.csv': files['categories.csv'].replace(/^(burnable,.*),する$/m, '$1,しない') }),
    );
    expect(collectionsOn(skipping, 'kasuga', '2027-01-11')).toEqual([]);
    expect(collectionsOn(skipping, 'kasuga', '2027-01-14')).toEqual(['burnable']);
  });

  it('applies 年末年始: days off, an extra day and a moved day', () => {
    expect(collectionsOn(data, 'kasuga', '2026-12-31')).toEqual([]); // Thursday, cancelled
    expect(collectionsOn(data, 'kasuga', '2026-12-29')).toEqual(['burnable']); // Tuesday, extra
    expect(collectionsOn(data, 'kasuga', '2027-01-06')).toEqual(['burnable', 'plastic']); // moved from 12/31
    expect(collectionsOn(data, 'sugu', '2027-01-01')).toEqual([]); // Friday, cancelled
    expect(collectionsOn(data, 'sugu', '2027-01-06')).toEqual(['burnable']); // moved from 1/1
    expect(nextCollection(data, 'kasuga', 'burnable', '2026-12-30')).toBe('2027-01-04');
  });
});

describe('reading files', () => {
  it('names the file, row and column of each problem, and returns nothing', () => {
    const items = `${files['items.csv'].trimEnd()}\n999,謎の物,ナゾノモノ,Mystery,宇宙ごみ,,,,有料,abc,,,,\n`;
    const problems = problemsOf({
      'items.csv': items,
      'area_days.csv': files['area_days.csv'].replace('kasuga,月 木,水2', 'kasuga,月 木,水9'),
      'exceptions.csv': `${files['exceptions.csv'].trimEnd()}\n2027-13-01,nowhere,*,休止,,\n`,
    });
    const rows = files['items.csv'].trimEnd().split('\n').length + 1;
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ file: 'items.csv', row: rows, column: '分別区分' }),
        expect.objectContaining({ file: 'items.csv', row: rows, column: '料金' }),
        expect.objectContaining({ file: 'area_days.csv', row: 2, column: '燃えないごみ' }),
        expect.objectContaining({ file: 'exceptions.csv', column: '日付' }),
        expect.objectContaining({ file: 'exceptions.csv', column: '地域' }),
      ]),
    );
  });

  it('refuses a missing column, an unknown one and unreadable CSV', () => {
    expect(problemsOf({ 'holidays.csv': 'date,名称\n2027-01-01,元日\n' })).toEqual(
      expect.arrayContaining([
        { file: 'holidays.csv', row: 1, column: '日付', message: 'this column is missing' },
        expect.objectContaining({ file: 'holidays.csv', row: 1, column: 'date' }),
      ]),
    );
    expect(problemsOf({ 'areas.csv': 'ID,地域\n"a,b\n' })[0]).toMatchObject({ file: 'areas.csv' });
  });

  it('reads a national-format file (BOM, CRLF, no synonyms columns)', () => {
    const national =
      '\uFEFF全国地方公共団体コード,ID,地方公共団体名,品目,品目_カナ,品目_英字,分別区分,注意点,料金種別,料金,料金備考,備考\r\n' +
      '402184,1,春日市,アイロン,アイロン,Iron,燃えないごみ,,無料,,,\r\n' +
      '402184,2,春日市,ソファ,ソファ,Sofa,粗大ごみ,,有料,"1,000",粗大ごみ処理券2枚,\r\n';
    const data = parseDataset(withFiles({ 'items.csv': national }));
    expect(data.items.map((i) => [i.name, i.category, i.fee])).toEqual([
      ['アイロン', 'nonburnable', null],
      ['ソファ', 'bulky', 1000],
    ]);
  });
});

describe('item search', () => {
  const search = new ItemSearch(sampleDataset().items);
  const top = (q: string) => search.search(q, 1)[0]?.item.name;

  it('finds items typed in kanji, kana, with question words or typos', () => {
    expect(top('ソファ')).toBe('ソファ');
    expect(top('ソファー')).toBe('ソファ');
    expect(top('電池')).toBe('乾電池');
    expect(top('ペットボトル')).toBe('ペットボトル');
    expect(top('ぺっとぼとる')).toBe('ペットボトル');
    expect(top('スプレー缶')).toBe('スプレー缶');
    expect(top('すぷれーかん')).toBe('スプレー缶');
    expect(top('スプレー感')).toBe('スプレー缶');
    expect(top('テレビの捨て方')).toBe('テレビ');
    expect(top('自転車は何ごみ？')).toBe('自転車');
    expect(top('ＰＥＴボトル')).toBe('ペットボトル');
    expect(top('battery')).toBe('乾電池');
  });

  it('finds nothing for nonsense', () => {
    expect(search.search('xyzzy')).toEqual([]);
  });
});
