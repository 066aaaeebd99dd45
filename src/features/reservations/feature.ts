// 申告予約 as one feature: the booking conversation and its menu entries, the desk's staff API, and the
// day-before reminders.
import type { FeatureDefinition } from '../contract.ts';
import { createReservationsAdminRoutes } from './admin-routes.ts';
import { openReservations } from './chat/browse.ts';
import type { ChatDeps } from './chat/deps.ts';
import { reservationFlow } from './chat/flow.ts';
import { openMyReservations } from './chat/manage.ts';
import { createQueueChanges } from './live/changes.ts';
import { displayRoutes } from './live/display-routes.ts';
import { createReminderLoop } from './reminders.ts';

export const reservationsFeature: FeatureDefinition = {
  name: 'reservations',
  menuItems: ['reservations', 'myReservations'],
  create({ services, now, wakeOutbox }) {
    const deps: ChatDeps = { now };
    const reminders = createReminderLoop(services, { pollMs: 60_000, onQueued: wakeOutbox, now });
    // Desk actions tell the live desks and the waiting-room displays of this instance at once.
    const changes = createQueueChanges();
    return {
      flows: [reservationFlow(deps)],
      menu: {
        reservations: async (ctx) => {
          if (ctx.userId) await openReservations(ctx, deps, ctx.userId);
        },
        myReservations: async (ctx) => {
          if (ctx.userId) await openMyReservations(ctx, ctx.userId);
        },
      },
      adminRoutes: [createReservationsAdminRoutes({ now, changes })],
      publicRoutes: [displayRoutes({ changes, now })],
      jobs: [{ name: 'reservations.reminders', ...reminders }],
    };
  },
};
