// よくある質問's console page (console/src/contract.ts): what residents asked that went unanswered, to fix.
import type { FeatureConsole } from '../../../../console/src/contract.ts';
import en from './locales/en.json';
import ja from './locales/ja.json';

const faq: FeatureConsole = {
  feature: 'faq',
  messages: { ja, en },
  pages: [
    {
      route: 'faq/questions',
      titleKey: 'faq:questions.title',
      scope: 'faq',
      role: 'viewer',
      nav: true,
      component: () => import('./questions-page.tsx'),
    },
  ],
};
export default faq;
