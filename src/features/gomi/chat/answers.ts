// The ごみ answers: an item (category, how to put it out, 注意点, fee, the next collection day in the
// resident's area), the closest matches for an unknown one, today's / tomorrow's collections and two weeks.
import type { messagingApi } from '@line/bot-sdk';
import type { HandlerContext } from '../../../events/handler-context.ts';
import type { Language } from '../../../i18n/languages.ts';
import { calendar, collectionsOn, nextCollection } from '../calendar/collections.ts';
import { addDays, cityDate } from '../calendar/dates.ts';
import type { GomiDataset, Item } from '../dataset/types.ts';
import { categoryList, formatDay } from '../format.ts';
import { getResident } from '../residents.ts';
import { CONFIDENT_SCORE, type ItemHit, ItemSearch } from '../search/item-search.ts';
import { quick } from './buttons.ts';
import type { GomiDeps } from './deps.ts';

const MAX_TEXT = 5000;

function itemName(item: Item, lang: Language): string {
  if (lang === 'en' && item.nameEn) return item.nameEn;
  if (lang === 'ja-easy' && item.kana) return `${item.name}（${item.kana}）`;
  return item.name;
}

/** The main entries of ごみ as quick replies. */
export function gomiQuickReplies(ctx: HandlerContext): messagingApi.QuickReplyItem[] {
  return [
    quick(ctx.t('gomi:button.today'), { do: 'today' }),
    quick(ctx.t('gomi:button.tomorrow'), { do: 'tomorrow' }),
    quick(ctx.t('gomi:button.calendar'), { do: 'calendar' }),
    quick(ctx.t('gomi:button.reminder'), { do: 'remind' }),
    quick(ctx.t('gomi:button.bulky'), { do: 'bulky' }),
    quick(ctx.t('gomi:button.area'), { do: 'areas' }),
  ];
}

export function itemText(
  ctx: HandlerContext,
  data: GomiDataset,
  item: Item,
  areaId: string | null,
  today: string,
) {
  const lang = ctx.language;
  const category = data.categories.find((c) => c.id === item.category);
  const lines = [`${category?.icon ?? ''}${itemName(item, lang)}`];
  if (category) {
    lines.push(ctx.t('gomi:item.category', { category: category.name[lang] }));
    lines.push(ctx.t('gomi:item.bag', { bag: category.bag[lang] }));
    lines.push(ctx.t('gomi:item.place', { place: category.place[lang] }));
    lines.push(ctx.t('gomi:item.time', { time: category.time[lang] }));
  }
  if (item.notes[lang]) lines.push(ctx.t('gomi:item.notes', { notes: item.notes[lang] }));
  if (item.fee !== null) {
    lines.push(ctx.t('gomi:item.fee', { fee: item.fee, note: item.feeNote ? `（${item.feeNote}）` : '' }));
  } else if (item.feeKind === '有料') {
    lines.push(ctx.t('gomi:item.feeAsk', { note: item.feeNote }));
  }
  if (lang === 'ja' && item.remarks) lines.push(ctx.t('gomi:item.remarks', { remarks: item.remarks }));
  if (category && areaId && data.rules[areaId]?.[category.id]) {
    const next = nextCollection(data, areaId, category.id, today);
    lines.push(next ? ctx.t('gomi:item.next', { date: formatDay(lang, next) }) : ctx.t('gomi:item.noNext'));
  } else if (category && !areaId && category.id !== 'bulky') {
    lines.push(ctx.t('gomi:item.chooseArea'));
  }
  if (category?.id === 'bulky') lines.push(ctx.t('gomi:item.bulky'));
  return lines.join('\n').slice(0, MAX_TEXT);
}

/** Answers what the resident typed: the item, or the closest items and how to ask. */
export async function answerSearch(ctx: HandlerContext, deps: GomiDeps, text: string): Promise<void> {
  const userId = ctx.userId;
  const data = await deps.store.current();
  const search = searchFor(data);
  const hits = search.search(text, 5);
  const best = hits[0];
  if (best && best.score >= CONFIDENT_SCORE) {
    const resident = userId ? await getResident(ctx.services.pool, userId) : null;
    await answerItem(ctx, deps, best.item, resident?.areaId ?? null, hits.slice(1, 4));
    return;
  }
  const query = text.trim().slice(0, 100);
  if (query) {
    ctx.write(async (tx) => {
      await tx.query(
        `INSERT INTO gomi_unanswered_searches (query) VALUES ($1)
         ON CONFLICT (query) DO UPDATE SET count = gomi_unanswered_searches.count + 1, last_at = now()`,
        [query],
      );
    });
  }
  if (hits.length === 0) {
    ctx.sendText('gomi:search.none', { query: query.slice(0, 40) });
    ctx.addQuickReplies(gomiQuickReplies(ctx));
    return;
  }
  ctx.sendText('gomi:search.closest', { query: query.slice(0, 40) });
  ctx.addQuickReplies(
    hits.map((hit) => quick(itemName(hit.item, ctx.language), { do: 'item', i: hit.item.id })),
  );
}

export async function answerItem(
  ctx: HandlerContext,
  deps: GomiDeps,
  item: Item,
  areaId: string | null,
  others: ItemHit[] = [],
): Promise<void> {
  const data = await deps.store.current();
  const today = cityDate(deps.now());
  ctx.send({ type: 'text', text: itemText(ctx, data, item, areaId, today) });
  const buttons = others
    .filter((hit) => hit.score >= 0.5)
    .map((hit) => quick(itemName(hit.item, ctx.language), { do: 'item', i: hit.item.id }));
  if (item.category === 'bulky') buttons.unshift(quick(ctx.t('gomi:button.bulkyApply'), { do: 'bulky' }));
  if (!areaId) buttons.push(quick(ctx.t('gomi:button.area'), { do: 'areas' }));
  ctx.addQuickReplies([...buttons, ...gomiQuickReplies(ctx)]);
}

/** 今日のごみ / 明日のごみ for the resident's area. */
export function dayText(ctx: HandlerContext, data: GomiDataset, areaId: string, date: string, which: string) {
  const lang = ctx.language;
  const due = collectionsOn(data, areaId, date);
  if (due.length > 0) {
    return ctx.t(`gomi:day.${which}`, {
      date: formatDay(lang, date),
      categories: categoryList(data, lang, due),
    });
  }
  const next = calendar(data, areaId, addDays(date, 1), 14).find((day) => day.categories.length > 0);
  return [
    ctx.t(`gomi:day.${which}None`, { date: formatDay(lang, date) }),
    next
      ? ctx.t('gomi:day.next', {
          date: formatDay(lang, next.date),
          categories: categoryList(data, lang, next.categories),
        })
      : '',
  ]
    .filter(Boolean)
    .join('\n');
}

/** The next two weeks, one line per day with a collection. */
export function calendarText(ctx: HandlerContext, data: GomiDataset, areaId: string, from: string): string {
  const lang = ctx.language;
  const area = data.areas.find((a) => a.id === areaId);
  const lines = [ctx.t('gomi:calendar.title', { area: area?.name[lang] ?? areaId })];
  for (const day of calendar(data, areaId, from, 14)) {
    const exception = data.exceptions.find(
      (e) => e.date === day.date && (e.areas === null || e.areas.includes(areaId)) && e.kind === 'cancel',
    );
    if (day.categories.length > 0)
      lines.push(`${formatDay(lang, day.date)} ${categoryList(data, lang, day.categories)}`);
    else if (exception)
      lines.push(`${formatDay(lang, day.date)} ${ctx.t('gomi:calendar.none', { reason: exception.reason })}`);
  }
  return lines.join('\n');
}

// A WeakMap keyed by the dataset object: an import makes a new dataset, and the old index goes with the old one.
const indexes = new WeakMap<GomiDataset, ItemSearch>();

/** The search index of a dataset, built once per dataset version. */
export function searchFor(data: GomiDataset): ItemSearch {
  let index = indexes.get(data);
  if (!index) {
    index = new ItemSearch(data.items);
    indexes.set(data, index);
  }
  return index;
}
