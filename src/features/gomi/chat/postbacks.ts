// The stateless ごみ buttons (`action=feature&feature=gomi&do=…`) and the rich-menu entry: today / tomorrow /
// two weeks, an item, the area, reminder settings and 粗大ごみ. The menu entry also starts the 'search' step, so
// what the resident types next is taken as an item name.
import type { HandlerContext } from '../../../events/handler-context.ts';
import { addDays, cityDate } from '../calendar/dates.ts';
import { getResident } from '../residents.ts';
import { answerItem, calendarText, dayText, gomiQuickReplies } from './answers.ts';
import { areaChooser, chooseArea, nearestArea } from './area.ts';
import { cancelBulky, openBulky, startChange } from './bulky.ts';
import { quick } from './buttons.ts';
import type { GomiDeps } from './deps.ts';
import {
  reminderOff,
  setReminderTime,
  showCategoryToggles,
  showReminder,
  toggleCategory,
} from './reminder.ts';
import { gomiKit } from './state.ts';

/** The rich-menu ごみ entry. */
export async function openGomi(ctx: HandlerContext, deps: GomiDeps): Promise<void> {
  const userId = ctx.userId;
  if (!userId) return;
  const data = await deps.store.current();
  const resident = await getResident(ctx.services.pool, userId);
  gomiKit.save(ctx, userId, { step: 'search', data: { k: gomiKit.newKey() } });
  const area = resident ? data.areas.find((a) => a.id === resident.areaId) : undefined;
  if (!area) {
    ctx.sendText('gomi:welcome');
    ctx.send(areaChooser(ctx, data));
    return;
  }
  ctx.sendText('gomi:menu', { area: area.name[ctx.language] });
  ctx.addQuickReplies(gomiQuickReplies(ctx));
}

export async function gomiPostback(ctx: HandlerContext, deps: GomiDeps, fields: Record<string, string>) {
  const userId = ctx.userId;
  if (!userId) return;
  const data = await deps.store.current();
  const resident = await getResident(ctx.services.pool, userId);
  const areaId = resident && data.areas.some((a) => a.id === resident.areaId) ? resident.areaId : null;
  const today = cityDate(deps.now());
  const needArea = () => {
    ctx.sendText('gomi:area.first');
    ctx.send(areaChooser(ctx, data));
  };
  switch (fields.do) {
    case 'areas':
      ctx.send(areaChooser(ctx, data, Math.max(0, Math.min(20, Number(fields.p) || 0))));
      return;
    case 'area': {
      const area = data.areas.find((a) => a.id === fields.a);
      if (!area) return ctx.sendText('flow.staleButton');
      chooseArea(ctx, userId, area);
      ctx.addQuickReplies(gomiQuickReplies(ctx));
      return;
    }
    case 'area-at': {
      const area = nearestArea(data, Number(fields.lat), Number(fields.lng));
      if (!area) return ctx.sendText('gomi:area.outside');
      chooseArea(ctx, userId, area);
      ctx.addQuickReplies(gomiQuickReplies(ctx));
      return;
    }
    case 'item': {
      const item = data.items.find((i) => i.id === fields.i);
      if (!item) return ctx.sendText('flow.staleButton');
      return answerItem(ctx, deps, item, areaId);
    }
    case 'today':
    case 'tomorrow':
      if (!areaId) return needArea();
      ctx.send({
        type: 'text',
        text: dayText(ctx, data, areaId, fields.do === 'today' ? today : addDays(today, 1), fields.do),
      });
      ctx.addQuickReplies(gomiQuickReplies(ctx));
      return;
    case 'calendar':
      if (!areaId) return needArea();
      ctx.send({ type: 'text', text: calendarText(ctx, data, areaId, today) });
      ctx.addQuickReplies(gomiQuickReplies(ctx));
      return;
    case 'remind':
      if (!resident || !areaId) return needArea();
      return showReminder(ctx, data, resident);
    case 'remind-set':
      if (!resident || !areaId) return needArea();
      return setReminderTime(ctx, resident, fields.tm, fields.m);
    case 'remind-off':
      if (!resident) return needArea();
      return reminderOff(ctx, resident);
    case 'remind-cats':
      if (!resident || !areaId) return needArea();
      return showCategoryToggles(ctx, data, resident);
    case 'remind-cat':
      if (!resident || !areaId) return needArea();
      return toggleCategory(ctx, data, resident, fields.c);
    case 'menu':
      return openGomi(ctx, deps);
    case 'bulky':
      return openBulky(ctx, deps, userId);
    case 'bulky-change':
      return startChange(ctx, deps, userId, fields.a ?? '');
    case 'bulky-cancel':
      return cancelBulky(ctx, userId, fields.a ?? '');
    default:
      ctx.sendText('flow.staleButton');
      ctx.addQuickReplies([quick(ctx.t('gomi:button.menu'), { do: 'menu' })]);
  }
}
