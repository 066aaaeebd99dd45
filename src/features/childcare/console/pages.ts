// 子育て's console page (console/src/contract.ts): the segment composer with its sends.
import type { FeatureConsole } from '../../../../console/src/contract.ts';
import en from './locales/en.json';
import ja from './locales/ja.json';

const childcare: FeatureConsole = {
  feature: 'childcare',
  messages: { ja, en },
  pages: [
    {
      route: 'childcare/segments',
      titleKey: 'childcare:segments.title',
      scope: 'childcare',
      role: 'viewer',
      nav: true,
      component: () => import('./segments-page.tsx'),
    },
  ],
};
export default childcare;
