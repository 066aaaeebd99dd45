// How the ごみ answers write days and lists in each language: 12月4日（金）, Fri 4 Dec; 燃えるごみ・びん.
import { t } from '../../i18n/index.ts';
import type { Language } from '../../i18n/languages.ts';
import { weekdayOf } from './calendar/dates.ts';
import type { GomiDataset } from './dataset/types.ts';

const WEEKDAYS_JA = ['日', '月', '火', '水', '木', '金', '土'];
const WEEKDAYS_EN = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function formatDay(lang: Language, date: string): string {
  const month = Number(date.slice(5, 7));
  const day = Number(date.slice(8, 10));
  const weekday = weekdayOf(date);
  if (lang === 'en') return `${WEEKDAYS_EN[weekday]} ${day} ${MONTHS_EN[month - 1]}`;
  return `${month}月${day}日（${WEEKDAYS_JA[weekday]}）`;
}

export function formatTime(minutes: number): string {
  return `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}`;
}

/** The categories' names in `lang`, joined as the language lists things. */
export function categoryList(data: GomiDataset, lang: Language, ids: readonly string[]): string {
  const names = ids.flatMap((id) => {
    const category = data.categories.find((c) => c.id === id);
    return category ? [`${category.icon}${category.name[lang]}`] : [];
  });
  return names.join(t(lang, 'gomi:listSeparator'));
}
