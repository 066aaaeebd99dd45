// 申告予約's console pages (the console-page contract: console/src/contract.ts): the desk, and the services
// and slots (managers).
import type { FeatureConsole } from '../../../../console/src/contract.ts';
import en from './locales/en.json';
import ja from './locales/ja.json';

const reservations: FeatureConsole = {
  feature: 'reservations',
  messages: { ja, en },
  pages: [
    {
      route: 'reservations/desk',
      titleKey: 'reservations:desk.title',
      scope: 'reservations',
      role: 'viewer',
      nav: true,
      component: () => import('./desk-page.tsx'),
    },
    {
      route: 'reservations/services',
      titleKey: 'reservations:services.title',
      scope: 'reservations',
      role: 'manager',
      nav: true,
      component: () => import('./services-page.tsx'),
    },
  ],
};
export default reservations;
