// Idempotent rich menu deploy: menus by content hash, aliases, default menu, user links, stale clean-up.
import type { messagingApi } from '@line/bot-sdk';
import { LANGUAGES, type Language } from '../../i18n/languages.ts';
import { aliasIdFor, RICH_MENU, type RichMenuDefinition } from './definition.ts';
import { ensureDefaultMenu, syncAliases } from './deploy-aliases.ts';
import { type DeployLogger, ensureMenus, type LineClients, writeImages } from './deploy-menus.ts';
import { type PlannedMenu, planRichMenus } from './deploy-plan.ts';
import { linkUsersByLanguage, type UserLanguageBatch } from './link.ts';
import { parseRichMenuName } from './names.ts';

export type { DeployLogger } from './deploy-menus.ts';
export { linkUserMenu, type UserLanguageBatch } from './link.ts';

// LINE allows 100 rich menu creations plus deletions per hour; stay under it with room for a manual fix.
export const DEFAULT_MENU_CHANGE_BUDGET = 90;

export interface DeployOptions extends LineClients {
  logger: DeployLogger;
  /** Every following user with their stored language; each is linked to `main-<language>`. */
  listUsersByLanguage?: () => AsyncIterable<UserLanguageBatch>;
  definition?: RichMenuDefinition;
  languages?: readonly Language[];
  /** When set, each generated image is also written there as `<menu name>.png`. */
  imageDir?: string;
  /**
   * Delete our menus (by name pattern) that no alias, default or current design uses. Default: only when
   * `listUsersByLanguage` is given, since a user still linked to a deleted menu falls back to the Japanese default.
   */
  deleteStale?: boolean;
  /** Most creations + deletions one run may make; deletions past it wait for the next run. */
  menuChangeBudget?: number;
}

export interface DeploySummary {
  created: string[];
  reused: string[];
  aliasesCreated: string[];
  aliasesUpdated: string[];
  defaultChanged: boolean;
  linkedUsers: number;
  deleted: string[];
  /** Stale menus left for a later run because of the hourly budget. */
  deferred: string[];
}

function staleMenus(
  existing: readonly messagingApi.RichMenuResponse[],
  keep: ReadonlySet<string>,
): messagingApi.RichMenuResponse[] {
  return existing.filter((menu) => parseRichMenuName(menu.name) !== null && !keep.has(menu.richMenuId));
}

function menuIdOf(plan: readonly PlannedMenu[], ids: ReadonlyMap<string, string>, aliasId: string): string {
  const planned = plan.find((menu) => menu.aliasId === aliasId);
  const id = planned ? ids.get(planned.name) : undefined;
  if (!id) throw new Error(`no deployed rich menu for alias ${aliasId}`);
  return id;
}

// Through the alias map, so a deploy of some languages only still links users of the others correctly.
function aliasTarget(aliases: ReadonlyMap<string, string>, lang: Language): string {
  const id = aliases.get(aliasIdFor('main', lang));
  if (!id) throw new Error(`alias ${aliasIdFor('main', lang)} does not exist: deploy that language first`);
  return id;
}

export async function deployRichMenus(options: DeployOptions): Promise<DeploySummary> {
  const { api, logger } = options;
  const definition = options.definition ?? RICH_MENU;
  const languages = options.languages ?? LANGUAGES;
  const budget = options.menuChangeBudget ?? DEFAULT_MENU_CHANGE_BUDGET;

  const plan = planRichMenus(definition, languages);
  if (options.imageDir) await writeImages(options.imageDir, plan);
  const { richmenus: existing } = await api.getRichMenuList();
  const creations = plan.filter((menu) => !existing.some((e) => e.name === menu.name)).length;
  if (creations > budget) {
    throw new Error(`deploy would create ${creations} rich menus, over the budget of ${budget} per run`);
  }

  const menus = await ensureMenus(options, plan, existing, logger);
  const targets = new Map(plan.map((menu) => [menu.aliasId, menus.ids.get(menu.name) ?? '']));
  const aliases = await syncAliases(api, targets, logger);
  const defaultId = menuIdOf(plan, menus.ids, aliasIdFor(definition.defaultTab, definition.defaultLanguage));
  const defaultChanged = await ensureDefaultMenu(api, defaultId, logger);

  // Every follower is linked, Japanese ones too: a per-user link names a menu id, not an alias, so a user
  // who ever had a link (e.g. switched language and back) would otherwise keep a superseded design.
  const linkedUsers = options.listUsersByLanguage
    ? await linkUsersByLanguage(
        api,
        (lang) => aliasTarget(aliases.aliases, lang),
        options.listUsersByLanguage(),
      )
    : 0;

  const deleted: string[] = [];
  const deferred: string[] = [];
  if (options.deleteStale ?? options.listUsersByLanguage !== undefined) {
    const keep = new Set([...menus.ids.values(), ...aliases.aliases.values(), defaultId]);
    let allowance = budget - menus.created.length;
    for (const menu of staleMenus(existing, keep)) {
      if (allowance <= 0) {
        deferred.push(menu.name);
        continue;
      }
      await api.deleteRichMenu(menu.richMenuId);
      allowance -= 1;
      deleted.push(menu.name);
      logger.info({ richMenuId: menu.richMenuId, name: menu.name }, 'stale rich menu deleted');
    }
  }

  const summary: DeploySummary = {
    created: menus.created,
    reused: menus.reused,
    aliasesCreated: aliases.created,
    aliasesUpdated: aliases.updated,
    defaultChanged,
    linkedUsers,
    deleted,
    deferred,
  };
  logger.info({ summary }, 'rich menus deployed');
  return summary;
}
