// Makes every planned menu exist on LINE with its image: reuses a menu of the same name, creates the rest.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { HTTPFetchError, type messagingApi } from '@line/bot-sdk';
import type { PlannedMenu } from './deploy-plan.ts';

/** The subset of a pino/fastify logger the deploy uses. */
export interface DeployLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

export interface LineClients {
  api: messagingApi.MessagingApiClient;
  blob: messagingApi.MessagingApiBlobClient;
}

export interface EnsuredMenus {
  /** Menu id of every planned menu, by menu name. */
  ids: Map<string, string>;
  created: string[];
  reused: string[];
}

export function isNotFound(error: unknown): boolean {
  return error instanceof HTTPFetchError && error.status === 404;
}

async function hasImage(blob: messagingApi.MessagingApiBlobClient, richMenuId: string): Promise<boolean> {
  try {
    const stream = await blob.getRichMenuImage(richMenuId);
    stream.destroy();
    return true;
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
}

async function upload(clients: LineClients, richMenuId: string, menu: MenuToEnsure): Promise<void> {
  await clients.blob.setRichMenuImage(
    richMenuId,
    new Blob([new Uint8Array(menu.image)], { type: 'image/png' }),
  );
}

async function create(clients: LineClients, menu: MenuToEnsure, logger: DeployLogger): Promise<string> {
  const { richMenuId } = await clients.api.createRichMenu(menu.request);
  try {
    await upload(clients, richMenuId, menu);
  } catch (error) {
    // A menu without an image would be "reused" by name next time and could never get one shown: remove it.
    await clients.api.deleteRichMenu(richMenuId).catch((cleanup: unknown) => {
      logger.warn({ err: cleanup, richMenuId }, 'could not delete a rich menu whose image upload failed');
    });
    throw error;
  }
  logger.info({ richMenuId, name: menu.name }, 'rich menu created');
  return richMenuId;
}

/** What a menu to ensure needs: its unique name, the request and the image (also the disaster menus). */
export type MenuToEnsure = Pick<PlannedMenu, 'name' | 'request' | 'image'>;

export async function ensureMenus(
  clients: LineClients,
  plan: readonly MenuToEnsure[],
  existing: readonly messagingApi.RichMenuResponse[],
  logger: DeployLogger,
): Promise<EnsuredMenus> {
  const byName = new Map<string, string>();
  for (const menu of existing) if (!byName.has(menu.name)) byName.set(menu.name, menu.richMenuId);

  const result: EnsuredMenus = { ids: new Map(), created: [], reused: [] };
  for (const menu of plan) {
    const found = byName.get(menu.name);
    if (found) {
      // An earlier run may have died between creating and uploading: finish the job instead of recreating.
      if (!(await hasImage(clients.blob, found))) {
        logger.warn({ richMenuId: found, name: menu.name }, 'reused rich menu had no image: uploading it');
        await upload(clients, found, menu);
      }
      result.ids.set(menu.name, found);
      result.reused.push(menu.name);
    } else {
      result.ids.set(menu.name, await create(clients, menu, logger));
      result.created.push(menu.name);
    }
  }
  return result;
}

/** Writes each planned image as `<name>.png` under `dir`, for people to look at what was deployed. */
export async function writeImages(dir: string, plan: readonly PlannedMenu[]): Promise<void> {
  await mkdir(dir, { recursive: true });
  await Promise.all(plan.map((menu) => writeFile(join(dir, `${menu.name}.png`), menu.image)));
}
