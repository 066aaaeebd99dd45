// 防災 as one feature: the rich menu's 防災 entry (nearest shelters from a shared location, 安否・避難報告), the
// shelters' import and status, and the staff API. Disaster mode and 避難情報 pushes live in ./alerts/.
import type { FeatureDefinition } from '../contract.ts';
import { ALERTS_MENU_ITEMS, createAlertsPart } from './alerts/index.ts';

export const bousaiFeature: FeatureDefinition = {
  name: 'bousai',
  menuItems: ['disaster', ...ALERTS_MENU_ITEMS],
  create(context) {
    const alerts = createAlertsPart(context);
    return {
      menu: {
        disaster: async (ctx) => {
          ctx.sendText('feature.disaster');
        },
        ...alerts.menu,
      },
      postbacks: alerts.postbacks,
      adminRoutes: alerts.adminRoutes,
      jobs: alerts.jobs,
    };
  },
};
