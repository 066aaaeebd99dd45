// 防災 as one feature: the rich menu's 防災 entry (nearest shelters from a shared location, 安否・避難報告), the
// shelters' import and status, and the staff API. Disaster mode and 避難情報 pushes live in ./alerts/.
import type { FeatureDefinition } from '../contract.ts';

export const bousaiFeature: FeatureDefinition = {
  name: 'bousai',
  menuItems: ['disaster'],
  create() {
    return {
      menu: {
        disaster: async (ctx) => {
          ctx.sendText('feature.disaster');
        },
      },
    };
  },
};
