// 防災 as one feature: the rich menu's 防災 entry (the nearest shelters to a shared location, 安否・避難報告 for
// oneself or a relative), a place sent outside any conversation offered the nearest shelters, the shelters'
// import (the city's shipped files on the first start) and status, disasters and the 安否 staff views, and the
// deletion of reports after a disaster. Disaster mode and 避難情報 pushes live in ./alerts/.
import type { FeatureDefinition } from '../contract.ts';
import { createBousaiAdminRoutes } from './admin/index.ts';
import { ALERTS_MENU_ITEMS, createAlertsPart } from './alerts/index.ts';
import { answerNear, nearFlow, openNearMenu } from './chat/near.ts';
import { BOUSAI_FEATURE, nearData, placeOf, postbackItem } from './chat/postback.ts';
import { safetyFlow, startSafetyReport } from './safety/flow.ts';
import { createReportRetentionLoop } from './safety/retention.ts';
import { isHazardGroup } from './shelters/gsi-format.ts';
import { seedDefaultShelters } from './shelters/store.ts';

export const bousaiFeature: FeatureDefinition = {
  name: 'bousai',
  menuItems: ['disaster', 'safetyReport', ...ALERTS_MENU_ITEMS],
  async create(context) {
    const { services, now } = context;
    // The first start has the city's designated shelters at once; later imports replace them.
    await seedDefaultShelters(services.pool, now());
    const retention = createReportRetentionLoop(services, { pollMs: 60 * 60_000, now });
    const alerts = createAlertsPart(context);
    return {
      flows: [nearFlow(), safetyFlow(now)],
      // 避難所 (both menus), the disaster menu's 安否報告, 避難情報 and 災害時の連絡先.
      menu: {
        disaster: openNearMenu,
        safetyReport: (ctx) => startSafetyReport(ctx, false),
        ...alerts.menu,
      },
      postbacks: {
        [BOUSAI_FEATURE]: async (ctx, fields) => {
          if (fields.do === 'safety' || fields.do === 'proxy')
            return startSafetyReport(ctx, fields.do === 'proxy');
          const place = fields.do === 'near' ? placeOf(fields) : null;
          if (!place) {
            ctx.sendText('flow.staleButton');
            return;
          }
          await answerNear(ctx, place, isHazardGroup(fields.h) ? fields.h : undefined);
        },
        ...alerts.postbacks,
      },
      // A place sent outside any conversation: the nearest shelters to it, as a button.
      offer: (ctx, message) =>
        message.type === 'location' ? [postbackItem(ctx.t('bousai:near.offer'), nearData(message))] : [],
      adminRoutes: [createBousaiAdminRoutes({ now }), ...alerts.adminRoutes],
      jobs: [{ name: 'bousai.report-retention', ...retention }, ...alerts.jobs],
    };
  },
};
