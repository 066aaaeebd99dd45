// Which categories an area's stations take on a day: its area_days rules (weekdays, nth weekdays, listed
// dates), minus national holidays for categories not collected on them, then the exceptions — cancellations and
// moves away take a collection off, extra days and moves in add one.
import type { CollectionException, GomiDataset, Rule } from '../dataset/types.ts';
import { addDays, nthOfMonth, weekdayOf } from './dates.ts';

function ruleMatches(rule: Rule, date: string): boolean {
  switch (rule.kind) {
    case 'weekly':
      return weekdayOf(date) === rule.weekday;
    case 'nth':
      return weekdayOf(date) === rule.weekday && nthOfMonth(date) === rule.nth;
    case 'date':
      return rule.date === date;
  }
}

/** The categories the rules alone give (holidays applied, exceptions not). */
export function ruleCollections(data: GomiDataset, areaId: string, date: string): Set<string> {
  const out = new Set<string>();
  const byCategory = data.rules[areaId];
  if (!byCategory) return out;
  const holiday = data.holidays[date] !== undefined;
  for (const category of data.categories) {
    const rules = byCategory[category.id];
    if (!rules?.some((rule) => ruleMatches(rule, date))) continue;
    // A rule written as that exact date is meant even on a holiday.
    const listed = rules.some((rule) => rule.kind === 'date' && rule.date === date);
    if (holiday && !category.collectsOnHolidays && !listed) continue;
    out.add(category.id);
  }
  return out;
}

function applies(exception: CollectionException, areaId: string): boolean {
  return exception.areas === null || exception.areas.includes(areaId);
}

function categoriesOf(exception: CollectionException, fallback: Iterable<string>): string[] {
  return exception.categories ?? [...fallback];
}

/** The category ids collected in `areaId` on `date`, in the categories' order. */
export function collectionsOn(data: GomiDataset, areaId: string, date: string): string[] {
  const set = ruleCollections(data, areaId, date);
  const stationCategories = Object.keys(data.rules[areaId] ?? {});
  for (const exception of data.exceptions) {
    if (!applies(exception, areaId) || exception.date !== date) continue;
    if (exception.kind === 'cancel' || exception.kind === 'move') {
      for (const id of categoriesOf(exception, stationCategories)) set.delete(id);
    }
  }
  for (const exception of data.exceptions) {
    if (!applies(exception, areaId)) continue;
    if (exception.kind === 'extra' && exception.date === date) {
      for (const id of categoriesOf(exception, stationCategories)) set.add(id);
    }
    if (exception.kind === 'move' && exception.to === date) {
      // What the rules gave on the day it moves from.
      const moved = ruleCollections(data, areaId, exception.date);
      for (const id of categoriesOf(exception, moved)) if (moved.has(id)) set.add(id);
    }
  }
  return data.categories.map((c) => c.id).filter((id) => set.has(id));
}

export interface CalendarDay {
  date: string;
  categories: string[];
}

/** `days` days from `from` (included). */
export function calendar(data: GomiDataset, areaId: string, from: string, days: number): CalendarDay[] {
  return Array.from({ length: days }, (_, i) => {
    const date = addDays(from, i);
    return { date, categories: collectionsOn(data, areaId, date) };
  });
}

/** The first day from `from` (included) the category is collected in the area, within `horizonDays`. */
export function nextCollection(
  data: GomiDataset,
  areaId: string,
  categoryId: string,
  from: string,
  horizonDays = 62,
): string | null {
  for (let i = 0; i < horizonDays; i += 1) {
    const date = addDays(from, i);
    if (collectionsOn(data, areaId, date).includes(categoryId)) return date;
  }
  return null;
}
