// Quick replies to the main entries of the rich menu, for answers that leave the resident without buttons (the
// keyboard hides the rich menu): only entries a feature of this app answers, then help and the language.
import type { messagingApi } from '@line/bot-sdk';
import type { HandlerContext } from './handler-context.ts';
import { type MenuItem, postbackData } from './postback-data.ts';

/** In the order a resident looks for them; entries of switched-off or unbuilt features are left out. */
const MAIN_ENTRIES: readonly MenuItem[] = [
  'gomi',
  'reservations',
  'reports',
  'childcare',
  'disaster',
  'faq',
  'contact',
];
const ALWAYS: readonly MenuItem[] = ['help', 'language'];

export function entryQuickReplies(ctx: HandlerContext): messagingApi.QuickReplyItem[] {
  const items = [...MAIN_ENTRIES.filter((item) => ctx.services.features.menuItem(item)), ...ALWAYS];
  return items.map((item) => {
    const label = ctx.t(`richmenu:items.${item}.label`).slice(0, 20);
    return {
      type: 'action',
      action: { type: 'postback', label, displayText: label, data: postbackData({ action: 'menu', item }) },
    };
  });
}
