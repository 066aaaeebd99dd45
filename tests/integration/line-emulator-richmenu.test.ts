// The LINE emulator's rich menus over real HTTP and through the SDK: validation, images, links, aliases.
import { messagingApi } from '@line/bot-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LineEmulator, startLineEmulator } from '../../src/line/emulator/index.ts';
import { callJson, jpegHeader, type LineJson, richMenuIdOf, solidPng } from '../helpers/emulator-http.ts';
import { openApiAvailable, validateOpenApi } from '../helpers/line-openapi.ts';

let emu: LineEmulator;
const call = (method: string, path: string, body?: unknown) => callJson(emu.baseUrl, method, path, body);

const menu = (overrides: Record<string, unknown> = {}) => ({
  size: { width: 2500, height: 843 },
  selected: false,
  name: 'test menu',
  chatBarText: 'メニュー',
  areas: [
    {
      bounds: { x: 0, y: 0, width: 1250, height: 843 },
      action: { type: 'richmenuswitch', richMenuAliasId: 'tab-b', data: 'tab=b', label: 'Tab B' },
    },
    { bounds: { x: 1250, y: 0, width: 1250, height: 843 }, action: { type: 'postback', data: 'a=1' } },
  ],
  ...overrides,
});

async function upload(richMenuId: string, body: Buffer, contentType: string) {
  const response = await fetch(`${emu.baseUrl}/v2/bot/richmenu/${richMenuId}/content`, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body,
  });
  return { status: response.status, json: (await response.json()) as LineJson };
}

async function createWithImage(): Promise<string> {
  const created = await call('POST', '/v2/bot/richmenu', menu());
  expect(created.status).toBe(200);
  expect((await upload(richMenuIdOf(created), solidPng(2500, 843), 'image/png')).status).toBe(200);
  return richMenuIdOf(created);
}

beforeAll(async () => {
  emu = await startLineEmulator();
});
afterAll(() => emu.close());

describe('rich menu objects', () => {
  it('creates, gets, lists and deletes a rich menu, counting creations', async () => {
    const before = emu.richMenuCreations;
    const created = await call('POST', '/v2/bot/richmenu', menu());
    expect(created.json.richMenuId).toMatch(/^richmenu-[0-9a-f]{32}$/);
    const id = richMenuIdOf(created);
    expect(emu.richMenuCreations).toBe(before + 1);
    expect(emu.richMenus.get(id)?.name).toBe('test menu');
    const got = await call('GET', `/v2/bot/richmenu/${id}`);
    expect(got.json).toEqual({ richMenuId: id, ...menu() });
    const list = await call('GET', '/v2/bot/richmenu/list');
    expect(list.json.richmenus?.map((m) => m.richMenuId)).toContain(id);
    if (openApiAvailable) {
      expect(validateOpenApi('RichMenuResponse', got.json)).toEqual([]);
      expect(validateOpenApi('RichMenuListResponse', list.json)).toEqual([]);
    }
    expect((await call('DELETE', `/v2/bot/richmenu/${id}`)).status).toBe(200);
    expect((await call('GET', `/v2/bot/richmenu/${id}`)).status).toBe(404);
    expect((await call('DELETE', `/v2/bot/richmenu/${id}`)).status).toBe(404);
    expect(emu.richMenus.has(id)).toBe(false);
  });

  it.each([
    ['width under 800', { size: { width: 700, height: 250 } }, 'size.width'],
    ['width over 2500', { size: { width: 2600, height: 1686 } }, 'size.width'],
    ['height under 250', { size: { width: 800, height: 200 } }, 'size.height'],
    ['aspect ratio under 1.45', { size: { width: 1200, height: 1000 } }, 'size'],
    ['no areas', { areas: [] }, 'areas'],
    [
      '21 areas',
      {
        areas: Array.from({ length: 21 }, () => ({
          bounds: { x: 0, y: 0, width: 10, height: 10 },
          action: { type: 'postback', data: 'x' },
        })),
      },
      'areas',
    ],
    [
      'an area outside the image',
      {
        areas: [
          { bounds: { x: 2000, y: 0, width: 600, height: 843 }, action: { type: 'postback', data: 'x' } },
        ],
      },
      'areas[0].bounds',
    ],
    ['chatBarText over 14', { chatBarText: 'あ'.repeat(15) }, 'chatBarText'],
    ['empty chatBarText', { chatBarText: '' }, 'chatBarText'],
    [
      'an action label over 20',
      {
        areas: [
          {
            bounds: { x: 0, y: 0, width: 100, height: 100 },
            action: { type: 'postback', data: 'x', label: 'a'.repeat(21) },
          },
        ],
      },
      'areas[0].action.label',
    ],
    [
      'a switch without data',
      {
        areas: [
          {
            bounds: { x: 0, y: 0, width: 100, height: 100 },
            action: { type: 'richmenuswitch', richMenuAliasId: 'tab-a' },
          },
        ],
      },
      'areas[0].action.data',
    ],
    [
      'a switch without alias',
      {
        areas: [
          { bounds: { x: 0, y: 0, width: 100, height: 100 }, action: { type: 'richmenuswitch', data: 'x' } },
        ],
      },
      'areas[0].action.richMenuAliasId',
    ],
  ])('refuses %s on create and on validate', async (_name, overrides, property) => {
    const rejectedBefore = emu.rejected.length;
    const creationsBefore = emu.richMenuCreations;
    for (const path of ['/v2/bot/richmenu', '/v2/bot/richmenu/validate']) {
      const answer = await call('POST', path, menu(overrides));
      expect(answer.status).toBe(400);
      expect(answer.json.details?.map((d) => d.property)).toContain(property);
    }
    expect(emu.rejected.length).toBe(rejectedBefore + 2);
    expect(emu.richMenuCreations).toBe(creationsBefore);
  });

  it('validates a good object without creating it', async () => {
    const before = emu.richMenuCreations;
    const answer = await call(
      'POST',
      '/v2/bot/richmenu/validate',
      menu({ size: { width: 2500, height: 1686 } }),
    );
    expect(answer.status).toBe(200);
    expect(emu.richMenuCreations).toBe(before);
  });
});

describe('rich menu images', () => {
  it('accepts one PNG of exactly the menu size, serves it back, and refuses a second upload', async () => {
    const id = richMenuIdOf(await call('POST', '/v2/bot/richmenu', menu()));
    expect((await fetch(`${emu.baseUrl}/v2/bot/richmenu/${id}/content`)).status).toBe(404);
    const png = solidPng(2500, 843);
    expect(await upload(id, png, 'image/png')).toEqual({ status: 200, json: {} });
    const download = await fetch(`${emu.baseUrl}/v2/bot/richmenu/${id}/content`);
    expect(download.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await download.arrayBuffer())).toEqual(png);
    const again = await upload(id, png, 'image/png');
    expect(again).toEqual({
      status: 400,
      json: { message: 'An image has already been uploaded to the richmenu' },
    });
  });

  it('reads JPEG sizes too', async () => {
    const id = richMenuIdOf(await call('POST', '/v2/bot/richmenu', menu()));
    expect((await upload(id, jpegHeader(2500, 1686), 'image/jpeg')).status).toBe(400);
    expect((await upload(id, jpegHeader(2500, 843), 'image/jpeg')).status).toBe(200);
  });

  it.each([
    ['the wrong size', () => solidPng(2500, 1686), 'image/png'],
    ['a wrong content type', () => solidPng(2500, 843), 'image/gif'],
    ['bytes that are not an image', () => Buffer.from('not an image'), 'image/png'],
    ['a PNG labelled as JPEG', () => solidPng(2500, 843), 'image/jpeg'],
    ['more than 1 MB', () => Buffer.concat([solidPng(2500, 843), Buffer.alloc(1024 * 1024)]), 'image/png'],
  ])('refuses %s', async (_name, image, contentType) => {
    const id = richMenuIdOf(await call('POST', '/v2/bot/richmenu', menu()));
    const answer = await upload(id, image(), contentType);
    expect(answer.status).toBe(400);
    expect(answer.json.details).toHaveLength(1);
    expect(emu.richMenus.get(id)?.image).toBeNull();
  });

  it('answers 404 for an unknown menu', async () => {
    expect((await upload('richmenu-0000', solidPng(2500, 843), 'image/png')).status).toBe(404);
  });
});

describe('default menu, user links and bulk links', () => {
  it('sets, gets and cancels the default menu, only once it has an image', async () => {
    const bare = richMenuIdOf(await call('POST', '/v2/bot/richmenu', menu()));
    expect((await call('POST', `/v2/bot/user/all/richmenu/${bare}`)).status).toBe(400);
    expect((await call('POST', '/v2/bot/user/all/richmenu/richmenu-unknown')).status).toBe(404);
    const id = await createWithImage();
    expect((await call('POST', `/v2/bot/user/all/richmenu/${id}`)).status).toBe(200);
    expect(emu.defaultRichMenuId).toBe(id);
    expect((await call('GET', '/v2/bot/user/all/richmenu')).json).toEqual({ richMenuId: id });
    expect((await call('DELETE', '/v2/bot/user/all/richmenu')).status).toBe(200);
    expect(emu.defaultRichMenuId).toBeNull();
    expect((await call('GET', '/v2/bot/user/all/richmenu')).status).toBe(404);
  });

  it('links, gets and unlinks a user’s menu', async () => {
    const id = await createWithImage();
    expect((await call('GET', '/v2/bot/user/Ucarol/richmenu')).status).toBe(404);
    expect((await call('POST', `/v2/bot/user/Ucarol/richmenu/${id}`)).status).toBe(200);
    expect((await call('GET', '/v2/bot/user/Ucarol/richmenu')).json).toEqual({ richMenuId: id });
    expect(emu.userRichMenus.get('Ucarol')).toBe(id);
    expect((await call('DELETE', '/v2/bot/user/Ucarol/richmenu')).status).toBe(200);
    expect((await call('GET', '/v2/bot/user/Ucarol/richmenu')).status).toBe(404);
  });

  it('bulk-links up to 500 users with 202, refuses more', async () => {
    const id = await createWithImage();
    const userIds = Array.from({ length: 500 }, (_, i) => `Ubulk${i}`);
    expect((await call('POST', '/v2/bot/richmenu/bulk/link', { richMenuId: id, userIds })).status).toBe(202);
    expect(emu.userRichMenus.get('Ubulk499')).toBe(id);
    const tooMany = await call('POST', '/v2/bot/richmenu/bulk/link', {
      richMenuId: id,
      userIds: [...userIds, 'Uextra'],
    });
    expect(tooMany.status).toBe(400);
    expect(emu.userRichMenus.has('Uextra')).toBe(false);
    expect((await call('POST', '/v2/bot/richmenu/bulk/unlink', { userIds })).status).toBe(202);
    expect(emu.userRichMenus.has('Ubulk0')).toBe(false);
  });

  it('deleting a menu clears the default and user links that used it', async () => {
    const id = await createWithImage();
    await call('POST', `/v2/bot/user/all/richmenu/${id}`);
    await call('POST', `/v2/bot/user/Udave/richmenu/${id}`);
    await call('DELETE', `/v2/bot/richmenu/${id}`);
    expect(emu.defaultRichMenuId).toBeNull();
    expect(emu.userRichMenus.has('Udave')).toBe(false);
  });
});

describe('aliases', () => {
  it('creates, gets, lists, updates and deletes aliases', async () => {
    const a = await createWithImage();
    const b = await createWithImage();
    expect(
      (await call('POST', '/v2/bot/richmenu/alias', { richMenuAliasId: 'tab-a', richMenuId: a })).status,
    ).toBe(200);
    const dup = await call('POST', '/v2/bot/richmenu/alias', { richMenuAliasId: 'tab-a', richMenuId: b });
    expect(dup.status).toBe(400);
    expect((await call('GET', '/v2/bot/richmenu/alias/tab-a')).json).toEqual({
      richMenuAliasId: 'tab-a',
      richMenuId: a,
    });
    const list = await call('GET', '/v2/bot/richmenu/alias/list');
    expect(list.json.aliases).toContainEqual({ richMenuAliasId: 'tab-a', richMenuId: a });
    if (openApiAvailable) expect(validateOpenApi('RichMenuAliasListResponse', list.json)).toEqual([]);
    expect((await call('POST', '/v2/bot/richmenu/alias/tab-a', { richMenuId: b })).status).toBe(200);
    expect(emu.aliases.get('tab-a')).toBe(b);
    expect((await call('POST', '/v2/bot/richmenu/alias/tab-zzz', { richMenuId: b })).status).toBe(400);
    expect((await call('DELETE', '/v2/bot/richmenu/alias/tab-a')).status).toBe(200);
    expect((await call('GET', '/v2/bot/richmenu/alias/tab-a')).status).toBe(404);
    expect((await call('DELETE', '/v2/bot/richmenu/alias/tab-a')).status).toBe(400);
  });

  it('refuses bad alias ids and menus that are unknown or lack an image', async () => {
    const bare = richMenuIdOf(await call('POST', '/v2/bot/richmenu', menu()));
    const id = await createWithImage();
    for (const richMenuAliasId of ['Tab-A', 'a'.repeat(33), '', 'tab a']) {
      expect((await call('POST', '/v2/bot/richmenu/alias', { richMenuAliasId, richMenuId: id })).status).toBe(
        400,
      );
    }
    expect(
      (await call('POST', '/v2/bot/richmenu/alias', { richMenuAliasId: 'x', richMenuId: 'richmenu-nope' }))
        .status,
    ).toBe(400);
    expect(
      (await call('POST', '/v2/bot/richmenu/alias', { richMenuAliasId: 'x', richMenuId: bare })).status,
    ).toBe(400);
    expect(emu.aliases.has('x')).toBe(false);
  });
});

describe('through @line/bot-sdk (as the deploy tool uses it)', () => {
  it('runs the whole tab set-up with the SDK clients pointed at the emulator', async () => {
    const api = new messagingApi.MessagingApiClient({ channelAccessToken: 't', baseURL: emu.baseUrl });
    const blob = new messagingApi.MessagingApiBlobClient({ channelAccessToken: 't', baseURL: emu.baseUrl });
    const { richMenuId } = await api.createRichMenu(menu() as messagingApi.RichMenuRequest);
    await blob.setRichMenuImage(richMenuId, new Blob([solidPng(2500, 843)], { type: 'image/png' }));
    await api.setDefaultRichMenu(richMenuId);
    await api.createRichMenuAlias({ richMenuAliasId: 'sdk-tab', richMenuId });
    await api.linkRichMenuIdToUser('Usdk', richMenuId);
    expect((await api.getDefaultRichMenuId()).richMenuId).toBe(richMenuId);
    expect((await api.getRichMenuIdOfUser('Usdk')).richMenuId).toBe(richMenuId);
    expect((await api.getRichMenuAlias('sdk-tab')).richMenuId).toBe(richMenuId);
    expect((await api.getRichMenuList()).richmenus.some((m) => m.richMenuId === richMenuId)).toBe(true);
    await api.unlinkRichMenuIdFromUser('Usdk');
    await api.deleteRichMenuAlias('sdk-tab');
    await api.cancelDefaultRichMenu();
    await api.deleteRichMenu(richMenuId);
    expect(emu.richMenus.has(richMenuId)).toBe(false);
  });
});
