// 防災's console pages (console/src/contract.ts): shelter statuses from a phone, disaster mode, 避難情報 pushes
// and the 安否 counts with the list of people who need help.
import type { FeatureConsole } from '../../../../console/src/contract.ts';
import en from './locales/en.json';
import ja from './locales/ja.json';

const bousai: FeatureConsole = {
  feature: 'bousai',
  messages: { ja, en },
  pages: [
    {
      route: 'bousai/shelters',
      titleKey: 'bousai:shelters.title',
      scope: 'bousai',
      role: 'viewer',
      nav: true,
      component: () => import('./shelters-page.tsx'),
    },
    {
      route: 'bousai/mode',
      titleKey: 'bousai:mode.title',
      scope: 'bousai',
      role: 'viewer',
      nav: true,
      component: () => import('./mode-page.tsx'),
    },
    {
      route: 'bousai/alerts',
      titleKey: 'bousai:alerts.title',
      scope: 'bousai',
      role: 'viewer',
      nav: true,
      component: () => import('./alerts-page.tsx'),
    },
    {
      route: 'bousai/safety',
      titleKey: 'bousai:safety.title',
      scope: 'bousai',
      role: 'viewer',
      nav: true,
      component: () => import('./safety-page.tsx'),
    },
  ],
};
export default bousai;
