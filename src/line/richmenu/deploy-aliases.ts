// Points each alias `<tab>-<lang>` and the default menu at the planned menus, touching only what differs.
import type { messagingApi } from '@line/bot-sdk';
import { type DeployLogger, isNotFound } from './deploy-menus.ts';

export interface AliasChanges {
  created: string[];
  updated: string[];
  /** Every alias on the channel after the changes, alias id → menu id. */
  aliases: Map<string, string>;
}

/** `targets`: alias id → the menu id it must point to. */
export async function syncAliases(
  api: messagingApi.MessagingApiClient,
  targets: ReadonlyMap<string, string>,
  logger: DeployLogger,
): Promise<AliasChanges> {
  const { aliases: current } = await api.getRichMenuAliasList();
  const aliases = new Map(current.map((alias) => [alias.richMenuAliasId, alias.richMenuId]));
  const changes: AliasChanges = { created: [], updated: [], aliases };
  for (const [richMenuAliasId, richMenuId] of targets) {
    const pointsTo = aliases.get(richMenuAliasId);
    if (pointsTo === richMenuId) continue;
    if (pointsTo === undefined) {
      await api.createRichMenuAlias({ richMenuAliasId, richMenuId });
      changes.created.push(richMenuAliasId);
    } else {
      await api.updateRichMenuAlias(richMenuAliasId, { richMenuId });
      changes.updated.push(richMenuAliasId);
    }
    aliases.set(richMenuAliasId, richMenuId);
    logger.info({ richMenuAliasId, richMenuId, was: pointsTo ?? null }, 'rich menu alias set');
  }
  return changes;
}

/** Makes `richMenuId` the default; returns whether it had to change. */
export async function ensureDefaultMenu(
  api: messagingApi.MessagingApiClient,
  richMenuId: string,
  logger: DeployLogger,
): Promise<boolean> {
  let current: string | null = null;
  try {
    current = (await api.getDefaultRichMenuId()).richMenuId;
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
  if (current === richMenuId) return false;
  await api.setDefaultRichMenu(richMenuId);
  logger.info({ richMenuId, was: current }, 'default rich menu set');
  return true;
}
