// Reminder settings in the chat: the evening before or the morning of, at one of the offered times, for every
// category or only chosen ones; or none.
import type { HandlerContext } from '../../../events/handler-context.ts';
import type { GomiDataset } from '../dataset/types.ts';
import { categoryList, formatTime } from '../format.ts';
import { type GomiResident, REMINDER_TIMES, type ReminderTiming, setReminder } from '../residents.ts';
import { quick } from './buttons.ts';

export function showReminder(ctx: HandlerContext, data: GomiDataset, resident: GomiResident): void {
  const state = resident.reminder
    ? ctx.t(`gomi:reminder.current.${resident.reminder}`, {
        time: formatTime(resident.reminderMinutes ?? 0),
        categories:
          resident.categories.length > 0
            ? categoryList(data, ctx.language, resident.categories)
            : ctx.t('gomi:reminder.allCategories'),
      })
    : ctx.t('gomi:reminder.current.none');
  ctx.send({ type: 'text', text: `${state}\n${ctx.t('gomi:reminder.prompt')}` });
  const times = (['evening', 'morning'] as const).flatMap((timing) =>
    REMINDER_TIMES[timing].map((m) =>
      quick(ctx.t(`gomi:reminder.option.${timing}`, { time: formatTime(m) }), {
        do: 'remind-set',
        tm: timing,
        m: String(m),
      }),
    ),
  );
  const extra = [quick(ctx.t('gomi:reminder.off'), { do: 'remind-off' })];
  if (resident.reminder) extra.unshift(quick(ctx.t('gomi:reminder.chooseCategories'), { do: 'remind-cats' }));
  ctx.addQuickReplies([...times, ...extra].slice(0, 13));
}

export function setReminderTime(
  ctx: HandlerContext,
  resident: GomiResident,
  timing: string | undefined,
  minutesText: string | undefined,
): void {
  const minutes = Number(minutesText);
  if ((timing !== 'evening' && timing !== 'morning') || !REMINDER_TIMES[timing].includes(minutes)) {
    ctx.sendText('flow.staleButton');
    return;
  }
  const t: ReminderTiming = timing;
  ctx.write(async (tx) =>
    setReminder(tx, resident.userId, { timing: t, minutes, categories: resident.categories }),
  );
  ctx.sendText(`gomi:reminder.set.${t}`, { time: formatTime(minutes) });
  ctx.addQuickReplies([quick(ctx.t('gomi:reminder.chooseCategories'), { do: 'remind-cats' })]);
}

export function reminderOff(ctx: HandlerContext, resident: GomiResident): void {
  ctx.write(async (tx) => setReminder(tx, resident.userId, null));
  ctx.sendText('gomi:reminder.stopped');
}

/** The categories collected at the stations as toggles (✓ = reminded). */
export function showCategoryToggles(ctx: HandlerContext, data: GomiDataset, resident: GomiResident): void {
  const stations = data.categories.filter((c) => data.rules[resident.areaId]?.[c.id]);
  const chosen = (id: string) => resident.categories.length === 0 || resident.categories.includes(id);
  ctx.sendText('gomi:reminder.categoriesPrompt');
  ctx.addQuickReplies(
    stations
      .slice(0, 12)
      .map((c) =>
        quick(`${chosen(c.id) ? '✓' : '・'}${c.name[ctx.language]}`, { do: 'remind-cat', c: c.id }),
      ),
  );
}

export function toggleCategory(
  ctx: HandlerContext,
  data: GomiDataset,
  resident: GomiResident,
  id: string | undefined,
) {
  const stations = data.categories.filter((c) => data.rules[resident.areaId]?.[c.id]).map((c) => c.id);
  if (!id || !stations.includes(id) || !resident.reminder || resident.reminderMinutes === null) {
    ctx.sendText('flow.staleButton');
    return;
  }
  const current =
    resident.categories.length === 0 ? stations : resident.categories.filter((c) => stations.includes(c));
  let next = current.includes(id) ? current.filter((c) => c !== id) : [...current, id];
  if (next.length === 0) next = current; // at least one category; "none" is the off button
  if (next.length === stations.length) next = [];
  const updated = { ...resident, categories: next };
  const timing = resident.reminder;
  const minutes = resident.reminderMinutes;
  ctx.write(async (tx) => setReminder(tx, resident.userId, { timing, minutes, categories: next }));
  showCategoryToggles(ctx, data, updated);
}
