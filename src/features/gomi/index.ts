// ごみ as one feature: the rich-menu entry (item search, the area's calendar, reminders, 粗大ごみ), a place
// shared outside a conversation offered as "this area's collection days", the staff API (imports, calendar
// exceptions, 粗大ごみ days and ledger, unanswered searches, counts) and the jobs: collection reminders by
// multicast and the 粗大ごみ day-before reminders.
import type { FeatureDefinition } from '../contract.ts';
import { createGomiAdminRoutes } from './admin/index.ts';
import { createBulkyReminderLoop } from './bulky/reminders.ts';
import { FEATURE, quick } from './chat/buttons.ts';
import type { GomiDeps } from './chat/deps.ts';
import { gomiFlow } from './chat/flow.ts';
import { answerGomiText } from './chat/free-text.ts';
import { gomiPostback, openGomi } from './chat/postbacks.ts';
import { createDatasetStore } from './dataset/store.ts';
import { createReminderSender } from './reminders/sender.ts';

export const gomiFeature: FeatureDefinition = {
  name: 'gomi',
  menuItems: ['gomi'],
  create({ services, config, now, wakeOutbox }) {
    const store = createDatasetStore(services.pool);
    const deps: GomiDeps = { store, now };
    const reminders = createReminderSender(services, () => store.current(), {
      pollMs: 60_000,
      perSecond: config.segmentMulticastPerSecond,
      now,
    });
    const bulkyReminders = createBulkyReminderLoop(services, { pollMs: 60_000, now, onQueued: wakeOutbox });
    return {
      flows: [gomiFlow(deps)],
      menu: { gomi: (ctx) => openGomi(ctx, deps) },
      postbacks: { [FEATURE]: (ctx, fields) => gomiPostback(ctx, deps, fields) },
      // 「ソファの捨て方」 typed outside a conversation; before the FAQ's catch-all (features' order).
      freeText: (ctx, text) => answerGomiText(ctx, deps, text),
      offer: (ctx, message) =>
        message.type === 'location'
          ? [
              quick(ctx.t('gomi:offer.location'), {
                do: 'area-at',
                lat: message.latitude.toFixed(5),
                lng: message.longitude.toFixed(5),
              }),
            ]
          : [],
      adminRoutes: [createGomiAdminRoutes({ store, now })],
      jobs: [
        { name: 'gomi.reminders', ...reminders },
        { name: 'gomi.bulky-reminders', ...bulkyReminders },
      ],
    };
  },
};
