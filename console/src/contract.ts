// The console-page part of the feature contract: a feature declares its pages in
// src/features/<name>/console/pages.ts (default export), the shell collects every such file at build time
// (import.meta.glob) — adding a feature's page needs no change anywhere else.
import type { ComponentType } from 'preact';

export type Role = 'viewer' | 'operator' | 'manager';

export interface SessionStaff {
  id: string;
  name: string;
  isAdmin: boolean;
  roles: { scope: string; role: Role }[];
}

export interface ConsoleSession {
  staff: SessionStaff;
  csrfToken: string | null;
  /** Enabled features: pages of a switched-off feature are not shown. */
  features: string[];
  settings: { mapTiles: string | null; mapAttribution: string };
}

/** What a page component is given. */
export interface ConsolePageProps {
  /** Values of the route's `:name` parts. */
  params: Record<string, string>;
  session: ConsoleSession;
}

export interface ConsolePage {
  /** Under /console/, with `:name` parts, e.g. `reservations/desk/:service`. */
  route: string;
  /** i18n key of the title (nav and heading), e.g. `reservations:desk.title`. */
  titleKey: string;
  /** The staff API scope the page acts in and the role it needs; `admin` for administrators only. */
  scope: string;
  role: Role | 'admin';
  /** The page's component module, loaded when the page is opened (each page is its own chunk). */
  component: () => Promise<{ default: ComponentType<ConsolePageProps> }>;
  /** Shown in the navigation (pages reached from another page, e.g. a report's page, are not). */
  nav?: boolean;
}

export interface FeatureConsole {
  /** The feature's name (as in src/features/index.ts); its pages show only while it is enabled. */
  feature: string;
  pages: ConsolePage[];
  /** The feature's console strings per language (keys used as `<feature>:<key>`). */
  messages: { ja: Record<string, string>; en: Record<string, string> };
}

const RANK: Record<Role, number> = { viewer: 1, operator: 2, manager: 3 };

/** Mirrors the server's rule (src/admin/roles.ts): the server checks again, this only hides what would fail. */
export function allows(staff: SessionStaff, scope: string, needed: Role | 'admin'): boolean {
  if (staff.isAdmin) return true;
  if (needed === 'admin') return false;
  const parent = scope.includes(':') ? scope.slice(0, scope.indexOf(':')) : undefined;
  const held =
    staff.roles.find((r) => r.scope === scope)?.role ??
    (parent ? staff.roles.find((r) => r.scope === parent)?.role : undefined);
  // A role on any sub-scope lets the page open (the page then lists what the API lets it see).
  const sub = staff.roles.filter((r) => r.scope.startsWith(`${scope}:`)).map((r) => RANK[r.role]);
  const rank = Math.max(held ? RANK[held] : 0, ...sub);
  return rank >= RANK[needed];
}
