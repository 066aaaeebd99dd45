// Every console page: the shell's own and each enabled feature's, collected from
// src/features/*/console/pages.ts at build time.
import type { ConsolePage, ConsoleSession, FeatureConsole } from './contract.ts';
import { allows } from './contract.ts';
import { addMessages } from './i18n.ts';

const CORE: ConsolePage[] = [
  {
    route: '',
    titleKey: 'home.title',
    scope: '',
    role: 'viewer',
    component: () => import('./pages/home.tsx'),
  },
  {
    route: 'staff',
    titleKey: 'staff.title',
    scope: 'staff',
    role: 'admin',
    nav: true,
    component: () => import('./pages/staff.tsx'),
  },
  {
    route: 'stats',
    titleKey: 'stats.title',
    scope: '',
    role: 'viewer',
    nav: true,
    component: () => import('./pages/stats.tsx'),
  },
  {
    route: 'audit',
    titleKey: 'audit.title',
    scope: 'audit',
    role: 'admin',
    nav: true,
    component: () => import('./pages/audit.tsx'),
  },
];

const modules = import.meta.glob<{ default: FeatureConsole }>('../../src/features/*/console/pages.ts', {
  eager: true,
});
export const FEATURE_CONSOLES: FeatureConsole[] = Object.values(modules).map((module) => module.default);
for (const feature of FEATURE_CONSOLES) addMessages(feature.feature, feature.messages);

/** The pages this staff member may open, feature pages of enabled features only. */
export function pagesFor(session: ConsoleSession): ConsolePage[] {
  const featurePages = FEATURE_CONSOLES.filter((f) => session.features.includes(f.feature)).flatMap(
    (f) => f.pages,
  );
  // Pages without a scope (home, statistics: counts only) are for everyone; the others by scope and role.
  return [...CORE, ...featurePages].filter(
    (page) => page.scope === '' || allows(session.staff, page.scope, page.role),
  );
}
