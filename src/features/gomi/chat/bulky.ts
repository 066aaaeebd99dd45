// 粗大ごみ in the chat: pick items (typed names found among the oversized items, fees from the data), a day
// from those with room, the address, then confirm; the booking is taken by the database (capacity) in the
// event's transaction, and a full day is explained with the days still open. Change and cancel from the list.
import type pg from 'pg';
import { clearState } from '../../../conversation/state-repository.ts';
import { attemptInSavepoint } from '../../../db/savepoint.ts';
import type { HandlerContext } from '../../../events/handler-context.ts';
import {
  applicationNumber,
  availableDays,
  BULKY_LEAD_DAYS,
  type BulkyApplication,
  BulkyDayFullError,
  type BulkyItem,
  cancelApplication,
  changeApplicationDate,
  createApplication,
  findApplication,
  MAX_BULKY_ITEMS,
  userApplications,
} from '../bulky/repository.ts';
import { addDays, cityDate } from '../calendar/dates.ts';
import type { GomiDataset } from '../dataset/types.ts';
import { formatDay } from '../format.ts';
import { searchFor } from './answers.ts';
import { label, quick } from './buttons.ts';
import type { GomiDeps } from './deps.ts';
import { type GomiFlowData, gomiKit } from './state.ts';

const DAYS_OFFERED = 10;

function bulkyItems(data: GomiDataset, chosen: GomiFlowData['items']): BulkyItem[] {
  return (chosen ?? []).flatMap(({ id, count }) => {
    const item = data.items.find((i) => i.id === id && i.category === 'bulky');
    return item ? [{ id, name: item.name, fee: item.fee ?? 0, count }] : [];
  });
}

function itemsSummary(ctx: HandlerContext, items: BulkyItem[]): string {
  const lines = items.map((i) =>
    ctx.t('gomi:bulky.itemLine', { name: i.name, count: i.count, fee: i.fee * i.count }),
  );
  const total = items.reduce((sum, i) => sum + i.fee * i.count, 0);
  return [...lines, ctx.t('gomi:bulky.total', { fee: total })].join('\n');
}

/** The start: the resident's applications (change / cancel) and a button to apply. */
export async function openBulky(ctx: HandlerContext, deps: GomiDeps, userId: string): Promise<void> {
  const mine = await userApplications(ctx.services.pool, userId, cityDate(deps.now()));
  const k = gomiKit.newKey();
  gomiKit.save(ctx, userId, { step: 'bulky-items', data: { k, items: [] } });
  const lines = [ctx.t('gomi:bulky.intro')];
  for (const a of mine) {
    lines.push(
      ctx.t('gomi:bulky.mine', { number: applicationNumber(a.id), date: formatDay(ctx.language, a.date) }),
    );
  }
  lines.push(ctx.t('gomi:bulky.askItem'));
  ctx.send({ type: 'text', text: lines.join('\n') });
  ctx.addQuickReplies([
    ...mine.slice(0, 3).flatMap((a) => [
      quick(ctx.t('gomi:bulky.changeButton', { number: applicationNumber(a.id) }), {
        do: 'bulky-change',
        a: a.id,
      }),
      quick(ctx.t('gomi:bulky.cancelButton', { number: applicationNumber(a.id) }), {
        do: 'bulky-cancel',
        a: a.id,
      }),
    ]),
    gomiKit.wayOut(ctx, k),
  ]);
}

/** A typed item name in the items step: added when it is clearly one oversized item, else the closest ones. */
export async function typedBulkyItem(
  ctx: HandlerContext,
  deps: GomiDeps,
  userId: string,
  data: GomiFlowData,
  text: string,
): Promise<void> {
  const dataset = await deps.store.current();
  const hits = searchFor(dataset)
    .search(text, 20)
    .filter((hit) => hit.item.category === 'bulky')
    .slice(0, 5);
  const best = hits[0];
  if (best && best.score >= 0.9) return addItem(ctx, deps, userId, data, best.item.id);
  if (hits.length === 0) {
    ctx.sendText('gomi:bulky.notBulky');
    showItems(ctx, dataset, data);
    return;
  }
  ctx.sendText('gomi:bulky.which');
  ctx.addQuickReplies([
    ...hits.map((hit) => ({
      type: 'action' as const,
      action: {
        type: 'postback' as const,
        label: label(hit.item.name),
        displayText: hit.item.name,
        data: gomiKit.button(data.k, { op: 'add', i: hit.item.id }),
      },
    })),
    gomiKit.wayOut(ctx, data.k),
  ]);
}

function showItems(ctx: HandlerContext, dataset: GomiDataset, data: GomiFlowData): void {
  const items = bulkyItems(dataset, data.items);
  const text =
    items.length > 0
      ? `${itemsSummary(ctx, items)}\n${ctx.t('gomi:bulky.more')}`
      : ctx.t('gomi:bulky.askItem');
  ctx.send({ type: 'text', text });
  const done = ctx.t('gomi:bulky.itemsDone');
  ctx.addQuickReplies([
    ...(items.length > 0
      ? [
          {
            type: 'action' as const,
            action: {
              type: 'postback' as const,
              label: label(done),
              displayText: done,
              data: gomiKit.button(data.k, { op: 'items-done' }),
            },
          },
        ]
      : []),
    gomiKit.wayOut(ctx, data.k),
  ]);
}

export async function addItem(
  ctx: HandlerContext,
  deps: GomiDeps,
  userId: string,
  data: GomiFlowData,
  itemId: string,
): Promise<void> {
  const dataset = await deps.store.current();
  const item = dataset.items.find((i) => i.id === itemId && i.category === 'bulky');
  const items = [...(data.items ?? [])];
  const existing = items.find((i) => i.id === itemId);
  const total = items.reduce((sum, i) => sum + i.count, 0);
  if (item && total < MAX_BULKY_ITEMS) {
    if (existing) existing.count += 1;
    else items.push({ id: itemId, count: 1 });
  } else if (item) ctx.sendText('gomi:bulky.tooMany', { max: MAX_BULKY_ITEMS });
  const next = { ...data, items };
  gomiKit.save(ctx, userId, { step: 'bulky-items', data: next });
  showItems(ctx, dataset, next);
}

export async function showDays(ctx: HandlerContext, deps: GomiDeps, userId: string, data: GomiFlowData) {
  const from = addDays(cityDate(deps.now()), BULKY_LEAD_DAYS);
  const days = await availableDays(ctx.services.pool, from, DAYS_OFFERED);
  if (days.length === 0) {
    ctx.sendText('gomi:bulky.noDays');
    gomiKit.clear(ctx, userId);
    return;
  }
  const offered = days.map((d) => d.date);
  gomiKit.save(ctx, userId, { step: 'bulky-date', data: { ...data, offered } });
  ctx.sendText('gomi:bulky.askDay');
  ctx.addQuickReplies([
    ...offered.map((d) => {
      const text = formatDay(ctx.language, d);
      return {
        type: 'action' as const,
        action: {
          type: 'postback' as const,
          label: label(text),
          displayText: text,
          data: gomiKit.button(data.k, { op: 'day', d }),
        },
      };
    }),
    gomiKit.wayOut(ctx, data.k),
  ]);
}

export async function chooseDay(
  ctx: HandlerContext,
  deps: GomiDeps,
  userId: string,
  data: GomiFlowData,
  d: string,
) {
  if (!data.offered?.includes(d)) {
    ctx.sendText('flow.staleButton');
    return;
  }
  const next = { ...data, date: d };
  if (data.changeOf) {
    next.address = next.address ?? '';
    return confirm(ctx, deps, userId, next);
  }
  gomiKit.save(ctx, userId, { step: 'bulky-address', data: next });
  ctx.sendText('gomi:bulky.askAddress');
  ctx.addQuickReplies([gomiKit.wayOut(ctx, data.k)]);
}

export async function typedAddress(
  ctx: HandlerContext,
  deps: GomiDeps,
  userId: string,
  data: GomiFlowData,
  text: string,
): Promise<'handled' | 'reprompt'> {
  const address = text.normalize('NFKC').replace(/\s+/g, ' ').trim();
  if (address.length < 3 || address.length > 120) return 'reprompt';
  await confirm(ctx, deps, userId, { ...data, address });
  return 'handled';
}

async function confirm(
  ctx: HandlerContext,
  deps: GomiDeps,
  userId: string,
  data: GomiFlowData,
): Promise<void> {
  const dataset = await deps.store.current();
  gomiKit.save(ctx, userId, { step: 'bulky-confirm', data });
  const lines = data.changeOf
    ? [ctx.t('gomi:bulky.confirmChange', { date: formatDay(ctx.language, data.date ?? '') })]
    : [
        ctx.t('gomi:bulky.confirm', {
          date: formatDay(ctx.language, data.date ?? ''),
          address: data.address ?? '',
        }),
        itemsSummary(ctx, bulkyItems(dataset, data.items)),
        ctx.t('gomi:bulky.ticket'),
      ];
  ctx.send({ type: 'text', text: lines.join('\n') });
  const book = ctx.t('gomi:bulky.bookButton');
  ctx.addQuickReplies([
    {
      type: 'action',
      action: {
        type: 'postback',
        label: label(book),
        displayText: book,
        data: gomiKit.button(data.k, { op: 'book' }),
      },
    },
    gomiKit.wayOut(ctx, data.k),
  ]);
}

export async function bookBulky(ctx: HandlerContext, deps: GomiDeps, userId: string, data: GomiFlowData) {
  const dataset = await deps.store.current();
  const items = bulkyItems(dataset, data.items);
  const date = data.date;
  if (!date || (!data.changeOf && (items.length === 0 || !data.address))) {
    ctx.sendText('flow.staleButton');
    return;
  }
  const lang = ctx.language;
  ctx.write(async (tx: pg.PoolClient) => {
    const result = await attemptInSavepoint(tx, BulkyDayFullError, async () =>
      data.changeOf
        ? changeApplicationDate(tx, data.changeOf, userId, date)
        : createApplication(tx, {
            userId,
            channel: 'line',
            name: null,
            phone: null,
            address: data.address ?? '',
            date,
            items,
            createdBy: null,
          }),
    );
    await clearState(tx, userId);
    if (!result.ok) {
      ctx.send({ type: 'text', text: ctx.t('gomi:bulky.full', { date: formatDay(lang, date) }) });
      return;
    }
    const application: BulkyApplication | null = result.value;
    if (!application) {
      ctx.sendText('flow.staleButton');
      return;
    }
    ctx.send({
      type: 'text',
      text: ctx.t(data.changeOf ? 'gomi:bulky.changed' : 'gomi:bulky.booked', {
        number: applicationNumber(application.id),
        date: formatDay(lang, application.date),
        fee: application.fee,
      }),
    });
  });
}

/** 変更: choose a new day for one of the resident's applications. */
export async function startChange(
  ctx: HandlerContext,
  deps: GomiDeps,
  userId: string,
  applicationId: string,
) {
  const application = await findApplication(ctx.services.pool, applicationId);
  if (!application || application.userId !== userId || application.status !== 'booked') {
    ctx.sendText('flow.staleButton');
    return;
  }
  await showDays(ctx, deps, userId, { k: gomiKit.newKey(), changeOf: application.id });
}

export function cancelBulky(ctx: HandlerContext, userId: string, applicationId: string): void {
  ctx.write(async (tx) => {
    const cancelled = await cancelApplication(tx, applicationId, userId);
    if (!cancelled) {
      ctx.sendText('flow.staleButton');
      return;
    }
    ctx.sendText('gomi:bulky.cancelled', {
      number: applicationNumber(cancelled.id),
      date: formatDay(ctx.language, cancelled.date),
    });
  });
}
