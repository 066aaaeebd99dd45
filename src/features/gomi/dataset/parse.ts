// Reads the six ごみ files into one dataset and checks them together (an item's 分別区分 must be a category, a
// rule's area must be an area, …). Every problem is collected; any problem means no dataset at all.
import type { Language } from '../../../i18n/languages.ts';
import { type CsvRow, readCsv } from './csv.ts';
import { type DataProblem, GomiDataError } from './errors.ts';
import type {
  Area,
  Category,
  CollectionException,
  DatasetFiles,
  ExceptionKind,
  GomiDataset,
  Item,
  Rule,
} from './types.ts';

const ID = /^[a-z0-9][a-z0-9-]{0,39}$/;
const ITEM_ID = /^[A-Za-z0-9_-]{1,40}$/;
const DATE = /^(\d{4})-?(\d{2})-?(\d{2})$/;
const WEEKDAYS = ['日', '月', '火', '水', '木', '金', '土'];
const LIST = /[|｜]/;

/** YYYY-MM-DD for a real calendar day written YYYY-MM-DD or YYYYMMDD; null otherwise. */
export function parseDate(value: string): string | null {
  const match = DATE.exec(value);
  if (!match) return null;
  const [, y, m, d] = match;
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  const iso = date.toISOString().slice(0, 10);
  return iso === `${y}-${m}-${d}` ? iso : null;
}

/** One cell of area_days: rules separated by spaces; null when a rule cannot be read. */
export function parseRules(cell: string): Rule[] | { bad: string } {
  const rules: Rule[] = [];
  for (const token of cell.split(/[\s　]+/).filter(Boolean)) {
    const weekday = WEEKDAYS.indexOf(token[0] ?? '');
    if (weekday >= 0 && token.length === 1) rules.push({ kind: 'weekly', weekday });
    else if (weekday >= 0 && /^[1-5]$/.test(token.slice(1))) {
      rules.push({ kind: 'nth', weekday, nth: Number(token.slice(1)) });
    } else {
      const date = parseDate(token);
      if (!date) return { bad: token };
      rules.push({ kind: 'date', date });
    }
  }
  return rules;
}

interface Context {
  problems: DataProblem[];
}

function localised(row: CsvRow, base: string): Record<Language, string> {
  const ja = row.get(base);
  return { ja, en: row.get(`${base}_英字`) || ja, 'ja-easy': row.get(`${base}_やさしい`) || ja };
}

function need(ctx: Context, file: string, row: CsvRow, column: string): string {
  const value = row.get(column);
  if (!value) ctx.problems.push({ file, row: row.row, column, message: 'must not be empty' });
  return value;
}

function readCategories(ctx: Context, text: string): Category[] {
  const file = 'categories.csv';
  const table = readCsv(
    file,
    text,
    {
      required: ['ID', '分別区分', '色', 'アイコン'],
      optional: [
        '分別区分_英字',
        '分別区分_やさしい',
        ...['袋', '場所', '時間'].flatMap((c) => [c, `${c}_英字`, `${c}_やさしい`]),
        '祝日収集',
      ],
    },
    ctx.problems,
  );
  if (!table) return [];
  const seen = new Set<string>();
  const categories: Category[] = [];
  for (const row of table.rows) {
    const id = need(ctx, file, row, 'ID');
    if (id && !ID.test(id)) {
      ctx.problems.push({ file, row: row.row, column: 'ID', message: 'use a-z, 0-9 and - (up to 40)' });
    }
    if (seen.has(id)) ctx.problems.push({ file, row: row.row, column: 'ID', message: `${id} appears twice` });
    seen.add(id);
    need(ctx, file, row, '分別区分');
    const colour = row.get('色');
    if (!/^#[0-9A-Fa-f]{6}$/.test(colour)) {
      ctx.problems.push({ file, row: row.row, column: '色', message: 'write a colour as #RRGGBB' });
    }
    const holidays = row.get('祝日収集') || 'する';
    if (holidays !== 'する' && holidays !== 'しない') {
      ctx.problems.push({ file, row: row.row, column: '祝日収集', message: 'write する or しない' });
    }
    categories.push({
      id,
      name: localised(row, '分別区分'),
      colour,
      icon: row.get('アイコン'),
      bag: localised(row, '袋'),
      place: localised(row, '場所'),
      time: localised(row, '時間'),
      collectsOnHolidays: holidays === 'する',
    });
  }
  if (categories.length === 0) ctx.problems.push({ file, row: null, column: null, message: 'no category' });
  return categories;
}

/** A category named by its id or its Japanese 分別区分. */
function categoryLookup(categories: Category[]): (value: string) => string | undefined {
  const byName = new Map<string, string>();
  for (const c of categories) {
    byName.set(c.id, c.id);
    byName.set(c.name.ja, c.id);
  }
  return (value) => byName.get(value);
}

function readItems(ctx: Context, text: string, categories: Category[]): Item[] {
  const file = 'items.csv';
  const table = readCsv(
    file,
    text,
    {
      required: ['品目', '分別区分'],
      optional: [
        '全国地方公共団体コード',
        'ID',
        '地方公共団体名',
        '品目_カナ',
        '品目_英字',
        '注意点',
        '注意点_英字',
        '注意点_やさしい',
        '料金種別',
        '料金',
        '料金備考',
        '備考',
        '同義語',
        '同義語_英字',
      ],
    },
    ctx.problems,
  );
  if (!table) return [];
  const category = categoryLookup(categories);
  const seen = new Set<string>();
  const items: Item[] = [];
  for (const row of table.rows) {
    // The national files number items in ID; a file without it is numbered by row.
    const id = row.get('ID') || String(row.row - 1);
    if (!ITEM_ID.test(id)) {
      ctx.problems.push({
        file,
        row: row.row,
        column: 'ID',
        message: 'use letters, digits, _ and - (up to 40)',
      });
    }
    if (seen.has(id)) ctx.problems.push({ file, row: row.row, column: 'ID', message: `${id} appears twice` });
    seen.add(id);
    const name = need(ctx, file, row, '品目');
    const categoryName = need(ctx, file, row, '分別区分');
    const categoryId = category(categoryName);
    if (categoryName && !categoryId) {
      ctx.problems.push({
        file,
        row: row.row,
        column: '分別区分',
        message: `${categoryName} is not a category of categories.csv`,
      });
    }
    const feeText = row.get('料金').replace(/[,，円]/g, '');
    const fee = feeText === '' ? null : Number(feeText.normalize('NFKC'));
    if (fee !== null && !(Number.isInteger(fee) && fee >= 0 && fee <= 1_000_000)) {
      ctx.problems.push({ file, row: row.row, column: '料金', message: 'write the fee in whole yen' });
    }
    const feeKind = row.get('料金種別');
    if (feeKind !== '' && feeKind !== '無料' && feeKind !== '有料') {
      ctx.problems.push({
        file,
        row: row.row,
        column: '料金種別',
        message: 'write 無料, 有料 or leave it empty',
      });
    }
    const split = (value: string) =>
      value
        .split(LIST)
        .map((s) => s.trim())
        .filter(Boolean);
    items.push({
      id,
      name,
      kana: row.get('品目_カナ'),
      nameEn: row.get('品目_英字'),
      category: categoryId ?? '',
      notes: {
        ja: row.get('注意点'),
        en: row.get('注意点_英字') || row.get('注意点'),
        'ja-easy': row.get('注意点_やさしい') || row.get('注意点'),
      },
      feeKind,
      fee: fee !== null && Number.isInteger(fee) ? fee : null,
      feeNote: row.get('料金備考'),
      remarks: row.get('備考'),
      synonyms: [...split(row.get('同義語')), ...split(row.get('同義語_英字'))],
    });
  }
  return items;
}

function readAreas(ctx: Context, text: string): Area[] {
  const file = 'areas.csv';
  const table = readCsv(
    file,
    text,
    { required: ['ID', '地域'], optional: ['地域_英字', '地域_やさしい', '町名', '緯度', '経度'] },
    ctx.problems,
  );
  if (!table) return [];
  const seen = new Set<string>();
  const areas: Area[] = [];
  for (const row of table.rows) {
    const id = need(ctx, file, row, 'ID');
    if (id && !ID.test(id)) {
      ctx.problems.push({ file, row: row.row, column: 'ID', message: 'use a-z, 0-9 and - (up to 40)' });
    }
    if (seen.has(id)) ctx.problems.push({ file, row: row.row, column: 'ID', message: `${id} appears twice` });
    seen.add(id);
    need(ctx, file, row, '地域');
    const lat = row.get('緯度');
    const lng = row.get('経度');
    let point: Area['point'] = null;
    if (lat || lng) {
      const p = { lat: Number(lat), lng: Number(lng) };
      if (!(Math.abs(p.lat) <= 90 && Math.abs(p.lng) <= 180) || !lat || !lng) {
        ctx.problems.push({
          file,
          row: row.row,
          column: '緯度',
          message: 'give both 緯度 and 経度 as numbers',
        });
      } else point = p;
    }
    areas.push({ id, name: localised(row, '地域'), towns: row.get('町名'), point });
  }
  if (areas.length === 0) ctx.problems.push({ file, row: null, column: null, message: 'no area' });
  return areas;
}

function readRules(
  ctx: Context,
  text: string,
  areas: Area[],
  categories: Category[],
): Record<string, Record<string, Rule[]>> {
  const file = 'area_days.csv';
  const table = readCsv(file, text, { dynamic: true, required: ['地域'] }, ctx.problems);
  if (!table) return {};
  const category = categoryLookup(categories);
  const columns = table.columns.filter((c) => c !== '地域');
  for (const column of columns) {
    if (!category(column)) {
      ctx.problems.push({ file, row: 1, column, message: `${column} is not a category of categories.csv` });
    }
  }
  const areaIds = new Set(areas.map((a) => a.id));
  const areaByName = new Map(areas.map((a) => [a.name.ja, a.id]));
  const rules: Record<string, Record<string, Rule[]>> = {};
  for (const row of table.rows) {
    const given = need(ctx, file, row, '地域');
    const areaId = areaIds.has(given) ? given : areaByName.get(given);
    if (given && !areaId) {
      ctx.problems.push({
        file,
        row: row.row,
        column: '地域',
        message: `${given} is not an area of areas.csv`,
      });
      continue;
    }
    if (!areaId) continue;
    if (rules[areaId]) {
      ctx.problems.push({ file, row: row.row, column: '地域', message: `${given} appears twice` });
    }
    const byCategory: Record<string, Rule[]> = {};
    for (const column of columns) {
      const categoryId = category(column);
      if (!categoryId) continue;
      const parsed = parseRules(row.get(column));
      if ('bad' in parsed) {
        ctx.problems.push({
          file,
          row: row.row,
          column,
          message: `cannot read "${parsed.bad}" (write 月, 水2 for the 2nd Wednesday, or a date 2027-01-05)`,
        });
        continue;
      }
      if (parsed.length > 0) byCategory[categoryId] = parsed;
    }
    rules[areaId] = byCategory;
  }
  for (const area of areas) {
    if (!rules[area.id]) {
      ctx.problems.push({ file, row: null, column: '地域', message: `area ${area.id} has no row` });
    }
  }
  return rules;
}

function readHolidays(ctx: Context, text: string): Record<string, string> {
  const file = 'holidays.csv';
  const table = readCsv(file, text, { required: ['日付'], optional: ['名称'] }, ctx.problems);
  if (!table) return {};
  const holidays: Record<string, string> = {};
  for (const row of table.rows) {
    const date = parseDate(row.get('日付'));
    if (!date) {
      ctx.problems.push({ file, row: row.row, column: '日付', message: 'write a date as 2027-01-01' });
      continue;
    }
    holidays[date] = row.get('名称');
  }
  return holidays;
}

const KINDS: Record<string, ExceptionKind> = {
  休止: 'cancel',
  cancel: 'cancel',
  追加: 'extra',
  extra: 'extra',
  振替: 'move',
  move: 'move',
};

function readExceptions(
  ctx: Context,
  text: string,
  areas: Area[],
  categories: Category[],
): CollectionException[] {
  const file = 'exceptions.csv';
  const table = readCsv(
    file,
    text,
    { required: ['日付', '地域', '分別区分', '種別'], optional: ['振替先', '理由'] },
    ctx.problems,
  );
  if (!table) return [];
  const category = categoryLookup(categories);
  const areaIds = new Set(areas.map((a) => a.id));
  const areaByName = new Map(areas.map((a) => [a.name.ja, a.id]));
  const list = (value: string) => value.split(/[\s　|｜]+/).filter(Boolean);
  const out: CollectionException[] = [];
  for (const row of table.rows) {
    const date = parseDate(row.get('日付'));
    if (!date)
      ctx.problems.push({ file, row: row.row, column: '日付', message: 'write a date as 2027-01-01' });
    const areaCell = row.get('地域') || '*';
    let areaList: string[] | null = null;
    if (areaCell !== '*') {
      areaList = [];
      for (const given of list(areaCell)) {
        const id = areaIds.has(given) ? given : areaByName.get(given);
        if (id) areaList.push(id);
        else ctx.problems.push({ file, row: row.row, column: '地域', message: `${given} is not an area` });
      }
    }
    const categoryCell = row.get('分別区分') || '*';
    let categoryList: string[] | null = null;
    if (categoryCell !== '*') {
      categoryList = [];
      for (const given of list(categoryCell)) {
        const id = category(given);
        if (id) categoryList.push(id);
        else
          ctx.problems.push({
            file,
            row: row.row,
            column: '分別区分',
            message: `${given} is not a category`,
          });
      }
    }
    const kind = KINDS[row.get('種別')];
    if (!kind) ctx.problems.push({ file, row: row.row, column: '種別', message: 'write 休止, 追加 or 振替' });
    const toCell = row.get('振替先');
    const to = toCell ? parseDate(toCell) : null;
    if (kind === 'move' && !to) {
      ctx.problems.push({ file, row: row.row, column: '振替先', message: '振替 needs the date it moves to' });
    }
    if (kind !== 'move' && toCell) {
      ctx.problems.push({ file, row: row.row, column: '振替先', message: 'only 振替 takes a date here' });
    }
    if (date && kind) {
      out.push({ date, areas: areaList, categories: categoryList, kind, to, reason: row.get('理由') });
    }
  }
  return out;
}

/** The dataset of these files, or a GomiDataError listing every problem. */
export function parseDataset(files: DatasetFiles): GomiDataset {
  const ctx: Context = { problems: [] };
  const categories = readCategories(ctx, files['categories.csv']);
  const items = readItems(ctx, files['items.csv'], categories);
  const areas = readAreas(ctx, files['areas.csv']);
  const rules = readRules(ctx, files['area_days.csv'], areas, categories);
  const holidays = readHolidays(ctx, files['holidays.csv']);
  const exceptions = readExceptions(ctx, files['exceptions.csv'], areas, categories);
  if (ctx.problems.length > 0) throw new GomiDataError(ctx.problems);
  return { categories, items, areas, rules, holidays, exceptions };
}
