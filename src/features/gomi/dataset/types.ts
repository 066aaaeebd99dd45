// The shapes of the ごみ data once read from its CSV files: categories, items (the national 「ゴミの分別方法」
// columns plus synonyms and readings), areas, their collection rules (5374 `area_days` style) and exceptions.
import type { Language } from '../../../i18n/languages.ts';

/** A text in every language residents read (ja-easy and en fall back to ja when a file leaves them empty). */
export type Localised = Record<Language, string>;

export interface Category {
  id: string;
  name: Localised;
  /** #RRGGBB, the colour of its calendar mark. */
  colour: string;
  icon: string;
  bag: Localised;
  place: Localised;
  time: Localised;
  /** Whether a rule day that is a national holiday is still collected. */
  collectsOnHolidays: boolean;
}

export interface Item {
  id: string;
  /** 品目 */
  name: string;
  /** 品目_カナ */
  kana: string;
  /** 品目_英字 */
  nameEn: string;
  /** The category's id (its 分別区分 in the file). */
  category: string;
  /** 注意点 per language ('' when none). */
  notes: Localised;
  /** 料金種別 (無料, 有料 or empty). */
  feeKind: string;
  /** 料金 in yen; null when none is given. */
  fee: number | null;
  feeNote: string;
  remarks: string;
  /** Other names residents use (Japanese and English). */
  synonyms: string[];
}

export interface Area {
  id: string;
  name: Localised;
  /** The 町 it covers, as written in the file (shown when choosing). */
  towns: string;
  /** A representative point (for a resident who shares a location); null when not given. */
  point: { lat: number; lng: number } | null;
}

/** One rule of 5374's area_days: `月` every Monday, `水2` the second Wednesday, `2027-01-05` that day. */
export type Rule =
  | { kind: 'weekly'; weekday: number }
  | { kind: 'nth'; weekday: number; nth: number }
  | { kind: 'date'; date: string };

export type ExceptionKind = 'cancel' | 'extra' | 'move';

export interface CollectionException {
  date: string;
  /** Area ids; null: every area. */
  areas: string[] | null;
  /** Category ids; null: every category. */
  categories: string[] | null;
  kind: ExceptionKind;
  /** The day a moved collection goes to. */
  to: string | null;
  reason: string;
}

export interface GomiDataset {
  categories: Category[];
  items: Item[];
  areas: Area[];
  /** area id → category id → rules (a category with none is not collected at stations in that area). */
  rules: Record<string, Record<string, Rule[]>>;
  /** YYYY-MM-DD → name. */
  holidays: Record<string, string>;
  exceptions: CollectionException[];
}

/** The files a dataset is read from, by name. */
export const DATASET_FILES = [
  'categories.csv',
  'items.csv',
  'areas.csv',
  'area_days.csv',
  'holidays.csv',
  'exceptions.csv',
] as const;
export type DatasetFileName = (typeof DATASET_FILES)[number];
export type DatasetFiles = Record<DatasetFileName, string>;
