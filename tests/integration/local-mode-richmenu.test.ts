// Local mode's rich menus: deployed into the emulator at start, shown per user as LINE shows them, switched by
// tab through aliases (with LINE's switch postback) and relinked when the resident picks another language.
// Also: local mode is never on when a channel is configured, nor with LOCAL_MODE=off.
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import type { RichMenuView } from '../../src/local/richmenu-view.ts';
import type { SimUser } from '../../src/local/sim-users.ts';
import type { TranscriptItem } from '../../src/local/transcript.ts';
import { startHarness, waitFor } from '../helpers/harness.ts';
import { useLocalServer } from '../helpers/local-server.ts';
import { createTestDatabase } from '../helpers/test-database.ts';
import { events, newUserId, postWebhook } from '../helpers/webhook-events.ts';

const sim = useLocalServer();
const { api } = sim;

function aliasTarget(aliasId: string): string {
  const id = sim.server.local.emulator.aliases.get(aliasId);
  if (!id) throw new Error(`alias ${aliasId} was not deployed`);
  return id;
}

async function followingUser(displayName: string, language: 'ja' | 'en' | 'ja-easy'): Promise<SimUser> {
  const user = (await api<SimUser>('POST', '/users', { displayName, language })).json;
  const sent = await api<{ webhookStatus: number }>('POST', `/users/${user.userId}/events`, {
    type: 'follow',
  });
  expect(sent.json.webhookStatus).toBe(200);
  return user;
}

async function view(userId: string): Promise<RichMenuView | null> {
  const answer = await api<RichMenuView>('GET', `/users/${userId}/richmenu`);
  return answer.status === 200 ? answer.json : null;
}

function pngSize(bytes: Buffer): { width: number; height: number } {
  expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe('local mode: rich menus', () => {
  it('deploys every language’s menus and tabs into the emulator before the app is ready', () => {
    const { emulator } = sim.server.local;
    for (const alias of ['main-ja', 'mine-ja', 'main-en', 'mine-en', 'main-ja-easy', 'mine-ja-easy']) {
      expect(emulator.richMenus.get(aliasTarget(alias))?.image).not.toBeNull();
    }
    expect(emulator.defaultRichMenuId).toBe(aliasTarget('main-ja'));
  });

  it('shows a new user the default menu, with tap areas and an image the image URL serves', async () => {
    const user = (await api<SimUser>('POST', '/users', { displayName: 'Aoi', language: 'ja' })).json;
    const menu = await view(user.userId);
    expect(menu?.richMenuId).toBe(aliasTarget('main-ja'));
    expect(menu?.areas.length).toBeGreaterThan(2);
    expect(menu?.chatBarText).toBe('メニュー');
    expect(menu?.imageUrl).toBe(`/simulator/api/richmenus/${menu?.richMenuId}/image`);
    const image = await fetch(`${sim.server.url}${menu?.imageUrl}`);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/png');
    expect(pngSize(Buffer.from(await image.arrayBuffer()))).toEqual(menu?.size);
    expect((await fetch(`${sim.server.url}/simulator/api/richmenus/richmenu-nope/image`)).status).toBe(404);
  });

  it('links the English menu to an English follower, and switches tabs through the alias', async () => {
    const user = await followingUser('Emma', 'en');
    await waitFor(async () => (await view(user.userId))?.richMenuId === aliasTarget('main-en'), 'main-en');
    const menu = await view(user.userId);
    const tab = menu?.areas
      .map((area) => area.action)
      .find((action) => action.type === 'richmenuswitch' && action.richMenuAliasId === 'mine-en');
    expect(tab).toBeDefined();

    const switched = await api<RichMenuView>('POST', `/users/${user.userId}/richmenu/switch`, {
      richMenuAliasId: tab?.richMenuAliasId,
      data: tab?.data,
    });
    expect(switched.status).toBe(200);
    expect(switched.json.richMenuId).toBe(aliasTarget('mine-en'));
    expect((await view(user.userId))?.richMenuId).toBe(aliasTarget('mine-en'));
    // A switch happens in the app: the menu linked on the server is unchanged, as on LINE.
    expect(sim.server.local.emulator.userRichMenus.get(user.userId)).toBe(aliasTarget('main-en'));

    const rows = await sim.server.query<{ payload: { postback: unknown } }>(
      "SELECT payload FROM webhook_events WHERE user_id = $1 AND event_type = 'postback'",
      [user.userId],
    );
    expect(rows.map((r) => r.payload.postback)).toEqual([
      { data: 'action=tab&tab=mine', params: { newRichMenuAliasId: 'mine-en', status: 'SUCCESS' } },
    ]);

    const missing = await api<RichMenuView>('POST', `/users/${user.userId}/richmenu/switch`, {
      richMenuAliasId: 'no-such-tab',
      data: 'action=tab&tab=x',
    });
    expect(missing.json.richMenuId).toBe(aliasTarget('mine-en'));
    await waitFor(async () => {
      const found = await sim.server.query<{ payload: { postback: { params: { status: string } } } }>(
        "SELECT payload FROM webhook_events WHERE user_id = $1 AND payload->'postback'->'params'->>'newRichMenuAliasId' = 'no-such-tab'",
        [user.userId],
      );
      return found[0]?.payload.postback.params.status === 'RICHMENU_ALIAS_ID_NOTFOUND';
    }, 'the failed switch postback');
  });

  it('relinks the language’s menu when the resident picks a language from the menu', async () => {
    const user = await followingUser('Taro', 'ja');
    await waitFor(async () => (await view(user.userId))?.richMenuId === aliasTarget('main-ja'), 'main-ja');
    // On the second tab when the language changes: the newly linked menu replaces it.
    await api('POST', `/users/${user.userId}/richmenu/switch`, {
      richMenuAliasId: 'mine-ja',
      data: 'action=tab&tab=mine',
    });
    expect((await view(user.userId))?.richMenuId).toBe(aliasTarget('mine-ja'));

    const sent = await api<{ webhookStatus: number }>('POST', `/users/${user.userId}/events`, {
      type: 'postback',
      data: 'action=set-language&lang=ja-easy',
      displayText: 'やさしい にほんご',
    });
    expect(sent.json.webhookStatus).toBe(200);
    await waitFor(
      async () => (await view(user.userId))?.richMenuId === aliasTarget('main-ja-easy'),
      'main-ja-easy',
    );
    const items = await waitFor(async () => {
      const list = (await api<{ items: TranscriptItem[] }>('GET', `/users/${user.userId}/transcript`)).json
        .items;
      return list.some(
        (item) => item.from === 'bot' && JSON.stringify(item.message).includes('やさしい日本語'),
      )
        ? list
        : null;
    }, 'the language change to be confirmed');
    expect(items.at(-1)).toMatchObject({ from: 'bot', via: 'reply', message: { type: 'text' } });
    const [stored] = await sim.server.query<{ language: string }>(
      'SELECT language FROM line_users WHERE user_id = $1',
      [user.userId],
    );
    expect(stored?.language).toBe('ja-easy');
  });

  it('sets the simulated phone’s LINE language (やさしい日本語 phones report Japanese, as LINE has no such setting)', async () => {
    const user = (await api<SimUser>('POST', '/users', { displayName: 'Lee', language: 'ja' })).json;
    const updated = await api<SimUser>('POST', `/users/${user.userId}/language`, { language: 'en' });
    expect(updated.json).toMatchObject({ userId: user.userId, language: 'en', followed: false });
    const easy = (await api<SimUser>('POST', '/users', { displayName: 'Mai', language: 'ja-easy' })).json;
    expect(easy.language).toBe('ja-easy');
    const line = sim.server.app.services.line;
    expect((await line?.getProfile(user.userId))?.language).toBe('en');
    expect((await line?.getProfile(easy.userId))?.language).toBe('ja');
  });

  it('never sent LINE anything it would reject', () => {
    expect(sim.server.local.emulator.rejected).toEqual([]);
  });
});

describe('local mode is off', () => {
  it('is a setting of its own, checked at boot', () => {
    expect(loadConfig({}).localMode).toBe('auto');
    expect(loadConfig({ LOCAL_MODE: 'off', LOCAL_EMULATOR_PORT: '4100' })).toMatchObject({
      localMode: 'off',
      localEmulatorPort: 4100,
    });
    expect(() => loadConfig({ LOCAL_MODE: 'sometimes' })).toThrow(/LOCAL_MODE: /);
  });

  it('when a LINE channel is configured: no /simulator, no emulator of its own', async () => {
    const harness = await startHarness();
    try {
      expect(harness.app.localMode).toBeNull();
      expect((await fetch(`${harness.url}/simulator`)).status).toBe(404);
      expect((await fetch(`${harness.url}/simulator/api/state`)).status).toBe(404);
    } finally {
      await harness.close();
    }
  });

  it('with LOCAL_MODE=off and no channel: no /simulator, and webhooks are refused', async () => {
    const db = await createTestDatabase();
    const config = loadConfig({
      ...(db.databaseUrl ? { DATABASE_URL: db.databaseUrl } : {}),
      DATA_DIR: db.dataDir,
      LOG_LEVEL: 'silent',
      LOCAL_MODE: 'off',
    });
    const app = await buildApp({ config });
    try {
      await app.listen({ port: 0, host: '127.0.0.1' });
      const address = app.server.address();
      const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
      expect(app.localMode).toBeNull();
      expect(app.services.line).toBeUndefined();
      expect((await fetch(`${url}/simulator`)).status).toBe(404);
      expect((await postWebhook(url, [events.text({ userId: newUserId() }, 'hi')])).status).toBe(401);
    } finally {
      await app.close();
      await db.drop();
    }
  });
});
