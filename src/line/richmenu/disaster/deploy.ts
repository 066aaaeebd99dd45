// Makes the disaster menus exist on the channel (reused by name, created once: LINE allows 100 an hour) and
// points the `disaster-<lang>` aliases at them; used by a switch into disaster mode and by local mode's start.
import type { messagingApi } from '@line/bot-sdk';
import { LANGUAGES } from '../../../i18n/languages.ts';
import { syncAliases } from '../deploy-aliases.ts';
import { type DeployLogger, ensureMenus } from '../deploy-menus.ts';
import { planDisasterMenus } from './plan.ts';

export async function deployDisasterMenus(
  api: messagingApi.MessagingApiClient,
  blob: messagingApi.MessagingApiBlobClient,
  logger: DeployLogger,
): Promise<void> {
  const plan = planDisasterMenus(LANGUAGES);
  const { richmenus } = await api.getRichMenuList();
  const menus = await ensureMenus({ api, blob }, plan, richmenus, logger);
  await syncAliases(api, new Map(plan.map((menu) => [menu.aliasId, menus.ids.get(menu.name) ?? ''])), logger);
}
