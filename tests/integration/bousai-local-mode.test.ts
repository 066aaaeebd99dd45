// Local mode over a database left in disaster mode: the fresh in-process emulator of the next start gets the
// disaster menus (aliases, images), the disaster menu as default, and the simulated residents of earlier runs
// linked to the disaster menu of their language.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimUser } from '../../src/local/sim-users.ts';
import { type LocalServer, startLocalServer } from '../helpers/local-server.ts';

let server: LocalServer;

describe('local mode in disaster mode', () => {
  beforeAll(async () => {
    server = await startLocalServer();
  }, 240_000);
  afterAll(async () => {
    await server?.close();
  });

  it('restarts with the disaster menus as default and for the residents of earlier runs', async () => {
    const user = (
      await server.api<SimUser>('POST', '/simulator/api/users', { displayName: 'Aoi', language: 'en' })
    ).json;
    const followed = await server.api<{ webhookStatus: number }>(
      'POST',
      `/simulator/api/users/${user.userId}/events`,
      {
        type: 'follow',
      },
    );
    expect(followed.json.webhookStatus).toBe(200);
    // The follow is handled by the event workers: wait until the resident is stored.
    await expect
      .poll(
        async () => (await server.query('SELECT 1 FROM line_users WHERE user_id = $1', [user.userId])).length,
        {
          timeout: 30_000,
        },
      )
      .toBe(1);
    await server.query(`UPDATE rich_menu_mode SET mode = 'disaster' WHERE id = 1`);
    await server.restart();
    const { emulator } = server.local;
    const target = (alias: string) => emulator.aliases.get(alias);
    for (const lang of ['ja', 'en', 'ja-easy']) {
      expect(emulator.richMenus.get(target(`disaster-${lang}`) ?? '')?.image).toBeTruthy();
    }
    expect(emulator.defaultRichMenuId).toBe(target('disaster-ja'));
    expect(emulator.userRichMenus.get(user.userId)).toBe(target('disaster-en'));
  }, 240_000);
});
