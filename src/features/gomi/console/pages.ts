// ごみ's console page (console/src/contract.ts): data import/export, 年末年始 exceptions with the calendar as
// residents see it, 粗大ごみ days and capacity with the day's ledger, unanswered searches, residents per area.
import type { FeatureConsole } from '../../../../console/src/contract.ts';
import en from './locales/en.json';
import ja from './locales/ja.json';

const gomi: FeatureConsole = {
  feature: 'gomi',
  messages: { ja, en },
  pages: [
    {
      route: 'gomi',
      titleKey: 'gomi:title',
      scope: 'gomi',
      role: 'viewer',
      nav: true,
      component: () => import('./gomi-page.tsx'),
    },
  ],
};
export default gomi;
