// Helpers for the 防災 alerts tests: followers in bulk, the everyday menus deployed, links read from the emulator.
import { deployRichMenus } from '../../src/line/richmenu/deploy.ts';
import type { Harness } from './harness.ts';

export const silentDeployLogger = { info: () => {}, warn: () => {} };

/** Inserts `count` users of one language (ids `U<prefix><n>` zero-padded) and returns their ids. */
export async function addFollowers(
  h: Harness,
  count: number,
  options: { prefix: string; language?: string; followed?: boolean },
): Promise<string[]> {
  const ids = Array.from({ length: count }, (_, i) => `U${options.prefix}${String(i).padStart(6, '0')}`);
  for (let i = 0; i < ids.length; i += 1000) {
    const chunk = ids.slice(i, i + 1000);
    await h.query(
      `INSERT INTO line_users (user_id, language, followed)
       SELECT id, $2, $3 FROM unnest($1::text[]) AS id ON CONFLICT (user_id) DO NOTHING`,
      [chunk, options.language ?? 'ja', options.followed ?? true],
    );
  }
  return ids;
}

/** Deploys the everyday menus (main-/mine-<lang>) to the emulator, without linking anybody. */
export async function deployEverydayMenus(h: Harness): Promise<void> {
  const line = h.app.services.line;
  if (!line) throw new Error('the harness has no LINE client');
  await deployRichMenus({ api: line.api, blob: line.blob, logger: silentDeployLogger });
}

export function aliasTarget(h: Harness, aliasId: string): string {
  const id = h.emulator.aliases.get(aliasId);
  if (!id) throw new Error(`alias ${aliasId} missing`);
  return id;
}

/** How many bulk-link requests the emulator accepted. */
export function bulkLinks(h: Harness): { richMenuId: string; userIds: string[] }[] {
  return h.emulator.requests
    .filter((r) => r.path === '/v2/bot/richmenu/bulk/link' && r.status === 202)
    .map((r) => r.body as { richMenuId: string; userIds: string[] });
}
