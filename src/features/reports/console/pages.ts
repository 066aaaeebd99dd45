// 損傷報告's console pages (console/src/contract.ts): the list with its map, and one report's page.
import type { FeatureConsole } from '../../../../console/src/contract.ts';
import en from './locales/en.json';
import ja from './locales/ja.json';

const reports: FeatureConsole = {
  feature: 'reports',
  messages: { ja, en },
  pages: [
    {
      route: 'reports',
      titleKey: 'reports:list.title',
      scope: 'reports',
      role: 'viewer',
      nav: true,
      component: () => import('./list-page.tsx'),
    },
    {
      route: 'reports/:id',
      titleKey: 'reports:report.title',
      scope: 'reports',
      role: 'viewer',
      component: () => import('./report-page.tsx'),
    },
  ],
};
export default reports;
