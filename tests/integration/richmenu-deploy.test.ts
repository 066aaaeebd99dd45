// Deploys the rich menus against the LINE emulator: first run, idempotent rerun, design change, user links.
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { messagingApi } from '@line/bot-sdk';
import Fastify from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import databasePlugin from '../../src/db/plugin.ts';
import { LANGUAGES } from '../../src/i18n/languages.ts';
import { type LineEmulator, startLineEmulator } from '../../src/line/emulator/index.ts';
import { RICH_MENU, TAB_IDS } from '../../src/line/richmenu/definition.ts';
import {
  type DeployLogger,
  type DeployOptions,
  deployRichMenus,
  linkUserMenu,
  type UserLanguageBatch,
} from '../../src/line/richmenu/deploy.ts';
import { runDeployCommand } from '../../src/line/richmenu/deploy-command.ts';
import { planRichMenus } from '../../src/line/richmenu/deploy-plan.ts';
import { parseRichMenuName } from '../../src/line/richmenu/names.ts';
import { createTestDatabase } from '../helpers/test-database.ts';

const TOKEN = 'test-channel-token';
const ALL_ALIASES = LANGUAGES.flatMap((lang) => TAB_IDS.map((tab) => `${tab}-${lang}`)).sort();

let emulator: LineEmulator;
let api: messagingApi.MessagingApiClient;
let blob: messagingApi.MessagingApiBlobClient;
const logs: { msg: string | undefined; obj: object }[] = [];
const logger: DeployLogger = {
  info: (obj, msg) => logs.push({ obj, msg }),
  warn: (obj, msg) => logs.push({ obj, msg }),
};

beforeEach(async () => {
  emulator = await startLineEmulator({ channelAccessToken: TOKEN });
  api = new messagingApi.MessagingApiClient({ channelAccessToken: TOKEN, baseURL: emulator.baseUrl });
  blob = new messagingApi.MessagingApiBlobClient({ channelAccessToken: TOKEN, baseURL: emulator.baseUrl });
  logs.length = 0;
});

afterEach(async () => {
  await emulator.close();
});

const deploy = (extra: Partial<DeployOptions> = {}) => deployRichMenus({ api, blob, logger, ...extra });

function menuIdByAlias(aliasId: string): string {
  const id = emulator.aliases.get(aliasId);
  if (!id) throw new Error(`alias ${aliasId} missing`);
  return id;
}

function menuName(richMenuId: string): string {
  return emulator.richMenus.get(richMenuId)?.name ?? '';
}

/** LINE's image rules, read straight from the uploaded bytes (independent of the code under test). */
function expectLineImageRules(data: Buffer, contentType: string, size: { width: number; height: number }) {
  expect(contentType).toBe('image/png');
  expect(data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(
    true,
  );
  const width = data.readUInt32BE(16);
  const height = data.readUInt32BE(20);
  expect({ width, height }).toEqual(size);
  expect(width).toBeGreaterThanOrEqual(800);
  expect(width).toBeLessThanOrEqual(2500);
  expect(height).toBeGreaterThanOrEqual(250);
  expect(width / height).toBeGreaterThanOrEqual(1.45);
  expect(data.length).toBeLessThanOrEqual(1024 * 1024);
}

async function* users(list: [string, string][]): AsyncIterable<UserLanguageBatch> {
  // Uneven batches on purpose: the deploy must regroup them into calls of at most 500 per language.
  for (let i = 0; i < list.length; i += 170) {
    const slice = list.slice(i, i + 170);
    for (const language of new Set(slice.map(([, lang]) => lang))) {
      yield { language, userIds: slice.filter(([, lang]) => lang === language).map(([id]) => id) };
    }
  }
}

describe('deployRichMenus', () => {
  it('creates six menus with valid images, aliases and the default, then reuses them all', async () => {
    const first = await deploy();
    expect(first.created).toHaveLength(6);
    expect(first.reused).toEqual([]);
    expect(first.aliasesCreated.sort()).toEqual(ALL_ALIASES);
    expect(first.aliasesUpdated).toEqual([]);
    expect(first.defaultChanged).toBe(true);
    expect(first.deleted).toEqual([]);
    expect(emulator.richMenuCreations).toBe(6);
    expect(emulator.rejected).toEqual([]);

    expect(emulator.richMenus.size).toBe(6);
    for (const menu of emulator.richMenus.values()) {
      expect(menu.image, menu.name).not.toBeNull();
      if (menu.image) expectLineImageRules(menu.image.data, menu.image.contentType, menu.size);
      expect(menu.size).toEqual(RICH_MENU.size);
      expect(menu.areas.length).toBeLessThanOrEqual(20);
    }
    for (const alias of ALL_ALIASES) {
      const parsed = parseRichMenuName(menuName(menuIdByAlias(alias)));
      expect(parsed && `${parsed.tab}-${parsed.lang}`).toBe(alias);
    }
    expect(emulator.defaultRichMenuId).toBe(menuIdByAlias('main-ja'));

    const aliasesBefore = new Map(emulator.aliases);
    const second = await deploy();
    expect(second).toMatchObject({
      created: [],
      aliasesCreated: [],
      aliasesUpdated: [],
      defaultChanged: false,
      deleted: [],
      deferred: [],
    });
    expect(second.reused.sort()).toEqual([...first.created].sort());
    expect(emulator.richMenuCreations).toBe(6);
    expect(new Map(emulator.aliases)).toEqual(aliasesBefore);
    const writes = emulator.requests.filter((r) => r.method !== 'GET' && r.path.includes('/richmenu/alias'));
    expect(writes).toHaveLength(6);
  });

  it('creates only the menus whose design changed, moves their aliases and deletes the old ones', async () => {
    await deploy();
    const mainBefore = LANGUAGES.map((lang) => menuIdByAlias(`main-${lang}`));
    const mineBefore = LANGUAGES.map((lang) => menuIdByAlias(`mine-${lang}`));

    // The "my reports" tile exists only on the `mine` tab: the three `mine` menus change, nothing else.
    const items = { ...RICH_MENU.items, myReports: { ...RICH_MENU.items.myReports, color: '#336699' } };
    const summary = await deploy({ definition: { ...RICH_MENU, items }, deleteStale: true });

    expect(summary.created.map((name) => name.replace(/-[0-9a-f]{8}$/, '')).sort()).toEqual(
      ['mine-en', 'mine-ja', 'mine-ja-easy'].sort(),
    );
    expect(summary.aliasesUpdated.sort()).toEqual(['mine-en', 'mine-ja', 'mine-ja-easy'].sort());
    expect(summary.aliasesCreated).toEqual([]);
    expect(summary.defaultChanged).toBe(false);
    expect(summary.deleted).toHaveLength(3);
    expect(emulator.richMenuCreations).toBe(9);
    expect(LANGUAGES.map((lang) => menuIdByAlias(`main-${lang}`))).toEqual(mainBefore);
    for (const [i, lang] of LANGUAGES.entries()) {
      expect(menuIdByAlias(`mine-${lang}`)).not.toBe(mineBefore[i]);
      expect(emulator.richMenus.has(mineBefore[i] ?? '')).toBe(false);
    }
    expect(emulator.richMenus.size).toBe(6);
  });

  it('keeps replaced menus when it cannot relink users, unless told otherwise', async () => {
    await deploy();
    const oldMineEn = menuIdByAlias('mine-en');
    // A tile of the `mine` tab only: three menus change.
    const items = {
      ...RICH_MENU.items,
      myReservations: { ...RICH_MENU.items.myReservations, color: '#884422' },
    };
    const summary = await deploy({ definition: { ...RICH_MENU, items } });
    expect(summary.created).toHaveLength(3);
    expect(summary.deleted).toEqual([]);
    expect(emulator.richMenus.has(oldMineEn)).toBe(true);
  });

  it('links every follower to the main menu of their language, at most 500 per call', async () => {
    const list: [string, string][] = [
      ...Array.from({ length: 620 }, (_, i): [string, string] => [`Uen${i}`, 'en']),
      ...Array.from({ length: 40 }, (_, i): [string, string] => [`Uja${i}`, 'ja']),
      ...Array.from({ length: 7 }, (_, i): [string, string] => [`Uez${i}`, 'ja-easy']),
      ['Uold', 'fr'],
    ];
    const summary = await deploy({ listUsersByLanguage: () => users(list) });
    expect(summary.linkedUsers).toBe(list.length);
    for (const [userId, lang] of list) {
      const expected = menuIdByAlias(`main-${lang === 'fr' ? 'ja' : lang}`);
      expect(emulator.userRichMenus.get(userId), userId).toBe(expected);
    }
    const bulk = emulator.requests.filter((r) => r.path === '/v2/bot/richmenu/bulk/link');
    expect(bulk.every((r) => r.status === 202)).toBe(true);
    expect(
      Math.max(...bulk.map((r) => (r.body as { userIds: string[] }).userIds.length)),
    ).toBeLessThanOrEqual(500);

    // A new design moves linked users to the new menu before the old one is deleted.
    const items = { ...RICH_MENU.items, faq: { ...RICH_MENU.items.faq, color: '#225588' } };
    await deploy({ definition: { ...RICH_MENU, items }, listUsersByLanguage: () => users(list) });
    expect(emulator.userRichMenus.get('Uen0')).toBe(menuIdByAlias('main-en'));
    expect(emulator.userRichMenus.get('Uja0')).toBe(menuIdByAlias('main-ja'));
  });

  it('leaves menus of other tools alone, deletes our stale ones, and writes images where asked', async () => {
    const [plannedMainJa] = planRichMenus(RICH_MENU, ['ja']);
    if (!plannedMainJa) throw new Error('no plan');
    const foreign = await api.createRichMenu({ ...plannedMainJa.request, name: 'campaign-2025' });
    const stale = await api.createRichMenu({ ...plannedMainJa.request, name: 'main-ja-00000000' });
    const image = new Blob([new Uint8Array(plannedMainJa.image)], { type: 'image/png' });
    await blob.setRichMenuImage(foreign.richMenuId, image);
    await blob.setRichMenuImage(stale.richMenuId, image);

    const dir = await mkdtemp(join(tmpdir(), 'richmenu-images-'));
    try {
      const summary = await deploy({ imageDir: dir, deleteStale: true });
      expect(summary.deleted).toEqual(['main-ja-00000000']);
      expect(emulator.richMenus.has(foreign.richMenuId)).toBe(true);
      expect((await readdir(dir)).sort()).toEqual([...summary.created].map((name) => `${name}.png`).sort());
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('keeps stale menus that an alias still points to, and honours the change budget', async () => {
    await deploy();
    const oldMineJa = menuIdByAlias('mine-ja');
    await api.createRichMenuAlias({ richMenuAliasId: 'mine-ja-pinned', richMenuId: oldMineJa });
    const items = { ...RICH_MENU.items, myChildren: { ...RICH_MENU.items.myChildren, color: '#123456' } };
    const summary = await deploy({
      definition: { ...RICH_MENU, items },
      menuChangeBudget: 4,
      deleteStale: true,
    });
    // 3 creations leave one deletion for this run; of the two deletable menus one waits for the next run.
    expect(summary.created).toHaveLength(3);
    expect(summary.deleted).toHaveLength(1);
    expect(summary.deferred).toHaveLength(1);
    expect(emulator.richMenus.has(oldMineJa)).toBe(true);
    await expect(
      deploy({ definition: { ...RICH_MENU, items }, menuChangeBudget: 2, deleteStale: true }),
    ).resolves.toMatchObject({
      created: [],
      deleted: summary.deferred,
    });
  });

  it('refuses a run that would create more menus than its budget', async () => {
    await expect(deploy({ menuChangeBudget: 5 })).rejects.toThrow(/create 6 rich menus/);
    expect(emulator.richMenuCreations).toBe(0);
  });

  it('removes a menu whose image upload failed, and finishes an imageless menu from a crashed run', async () => {
    emulator.failNext({ method: 'POST', path: /\/v2\/bot\/richmenu\/[^/]+\/content$/, status: 500 });
    await expect(deploy()).rejects.toThrow();
    for (const menu of emulator.richMenus.values()) expect(menu.image, menu.name).not.toBeNull();

    const [plannedMainJa] = planRichMenus(RICH_MENU, ['ja']);
    if (!plannedMainJa) throw new Error('no plan');
    const crashed = await api.createRichMenu(plannedMainJa.request);
    const creations = emulator.richMenuCreations;
    const summary = await deploy();
    expect(summary.reused).toContain(plannedMainJa.name);
    expect(emulator.richMenus.get(crashed.richMenuId)?.image).not.toBeNull();
    expect(menuIdByAlias('main-ja')).toBe(crashed.richMenuId);
    expect(emulator.richMenuCreations).toBe(creations + 5);
  });
});

describe('linkUserMenu', () => {
  it('links a user to the current main menu of the language they chose', async () => {
    await deploy();
    await expect(linkUserMenu(api, 'Ufollow', 'en')).resolves.toBe(menuIdByAlias('main-en'));
    expect(emulator.userRichMenus.get('Ufollow')).toBe(menuIdByAlias('main-en'));
    await linkUserMenu(api, 'Ufollow', 'ja-easy');
    expect(emulator.userRichMenus.get('Ufollow')).toBe(menuIdByAlias('main-ja-easy'));
  });
});

describe('richmenu:deploy command', () => {
  const env = (extra: Record<string, string | undefined>) => ({
    LINE_CHANNEL_SECRET: 'test-secret',
    LINE_CHANNEL_ACCESS_TOKEN: TOKEN,
    LINE_API_BASE_URL: emulator.baseUrl,
    LINE_DATA_API_BASE_URL: emulator.baseUrl,
    LOG_LEVEL: 'silent',
    ...extra,
  });

  it('links the followers stored in line_users, and only those who follow', async () => {
    const database = await createTestDatabase();
    try {
      const config = loadConfig(env({ DATABASE_URL: database.databaseUrl, DATA_DIR: database.dataDir }));
      // The first run migrates an empty database: menus deploy, nobody to link.
      expect(await runDeployCommand({ config, argv: [] })).toMatchObject({ linkedUsers: 0 });

      const app = Fastify({ logger: false, pluginTimeout: 0 });
      await app.register(databasePlugin, { config, migrate: false });
      await app.ready();
      try {
        const rows: [string, string, boolean][] = [
          ...Array.from({ length: 1203 }, (_, i): [string, string, boolean] => [`Ue${i}`, 'en', true]),
          ['Uja', 'ja', true],
          ['Uez', 'ja-easy', true],
          ['Ugone', 'en', false],
        ];
        await app.pg.pool.query(
          'INSERT INTO line_users (user_id, language, followed) SELECT * FROM unnest($1::text[], $2::text[], $3::bool[])',
          [rows.map((r) => r[0]), rows.map((r) => r[1]), rows.map((r) => r[2])],
        );
      } finally {
        await app.close();
      }

      const summary = await runDeployCommand({ config, argv: [] });
      expect(summary).toMatchObject({ created: [], linkedUsers: 1205 });
      expect(emulator.userRichMenus.get('Ue1202')).toBe(menuIdByAlias('main-en'));
      expect(emulator.userRichMenus.get('Uja')).toBe(menuIdByAlias('main-ja'));
      expect(emulator.userRichMenus.get('Uez')).toBe(menuIdByAlias('main-ja-easy'));
      expect(emulator.userRichMenus.has('Ugone')).toBe(false);
    } finally {
      await database.drop();
    }
  });

  it('refuses unknown flags and a missing channel token', async () => {
    const config = loadConfig(env({}));
    await expect(runDeployCommand({ config, argv: ['--wat'] })).rejects.toThrow(
      /Usage: npm run richmenu:deploy/,
    );
    const noToken = loadConfig(env({ LINE_CHANNEL_SECRET: undefined, LINE_CHANNEL_ACCESS_TOKEN: undefined }));
    await expect(runDeployCommand({ config: noToken, argv: [] })).rejects.toThrow(
      /LINE_CHANNEL_ACCESS_TOKEN/,
    );
  });

  it('runs as a script under Node and prints the summary', async () => {
    const script = new URL('../../src/line/richmenu/deploy-cli.ts', import.meta.url).pathname;
    const { stdout } = await promisify(execFile)(process.execPath, [script, '--no-users'], {
      env: { ...process.env, ...env({}) },
      timeout: 60_000,
    });
    const summary = JSON.parse(stdout) as { created: string[]; linkedUsers: number; deleted: string[] };
    expect(summary.created).toHaveLength(6);
    expect(summary.linkedUsers).toBe(0);
    expect(emulator.defaultRichMenuId).toBe(menuIdByAlias('main-ja'));
  });
});
