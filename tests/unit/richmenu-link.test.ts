// Bulk linking by language: 500 ids per call, one menu per language, unknown languages fall back to Japanese.
import type { messagingApi } from '@line/bot-sdk';
import { describe, expect, it } from 'vitest';
import type { Language } from '../../src/i18n/languages.ts';
import { linkUserMenu, linkUsersByLanguage, type UserLanguageBatch } from '../../src/line/richmenu/link.ts';

function fakeApi() {
  const bulk: messagingApi.RichMenuBulkLinkRequest[] = [];
  const single: [string, string][] = [];
  const aliasLookups: string[] = [];
  const api = {
    linkRichMenuIdToUsers: async (request: messagingApi.RichMenuBulkLinkRequest) => {
      bulk.push(structuredClone(request));
      return {};
    },
    linkRichMenuIdToUser: async (userId: string, richMenuId: string) => {
      single.push([userId, richMenuId]);
      return {};
    },
    getRichMenuAlias: async (richMenuAliasId: string) => {
      aliasLookups.push(richMenuAliasId);
      return { richMenuAliasId, richMenuId: `menu-of-${richMenuAliasId}` };
    },
  };
  return { api: api as unknown as messagingApi.MessagingApiClient, bulk, single, aliasLookups };
}

async function* batches(...items: UserLanguageBatch[]): AsyncIterable<UserLanguageBatch> {
  yield* items;
}

const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
const menuFor = (lang: Language) => `menu-${lang}`;

describe('linkUsersByLanguage', () => {
  it('links each language to its menu in calls of at most 500 user ids', async () => {
    const { api, bulk } = fakeApi();
    const linked = await linkUsersByLanguage(
      api,
      menuFor,
      batches(
        { language: 'en', userIds: ids('e', 300) },
        { language: 'ja', userIds: ids('j', 20) },
        { language: 'en', userIds: ids('f', 450) },
        { language: 'ja-easy', userIds: ids('y', 1) },
      ),
    );
    expect(linked).toBe(771);
    expect(bulk.every((call) => call.userIds.length >= 1 && call.userIds.length <= 500)).toBe(true);
    const byMenu = (menu: string) => bulk.filter((c) => c.richMenuId === menu).flatMap((c) => c.userIds);
    expect(byMenu('menu-en')).toEqual([...ids('e', 300), ...ids('f', 450)]);
    expect(byMenu('menu-ja')).toEqual(ids('j', 20));
    expect(byMenu('menu-ja-easy')).toEqual(['y0']);
    expect(bulk.filter((c) => c.richMenuId === 'menu-en').map((c) => c.userIds.length)).toEqual([500, 250]);
  });

  it('treats an unsupported stored language as the default', async () => {
    const { api, bulk } = fakeApi();
    await linkUsersByLanguage(api, menuFor, batches({ language: 'fr', userIds: ['u1'] }));
    expect(bulk).toEqual([{ richMenuId: 'menu-ja', userIds: ['u1'] }]);
  });

  it('makes no call when there is nobody to link', async () => {
    const { api, bulk } = fakeApi();
    expect(await linkUsersByLanguage(api, menuFor, batches())).toBe(0);
    expect(bulk).toEqual([]);
  });
});

describe('linkUserMenu', () => {
  it('resolves main-<lang> and links that menu to the user', async () => {
    const { api, single, aliasLookups } = fakeApi();
    expect(await linkUserMenu(api, 'U1', 'ja-easy')).toBe('menu-of-main-ja-easy');
    expect(aliasLookups).toEqual(['main-ja-easy']);
    expect(single).toEqual([['U1', 'menu-of-main-ja-easy']]);
  });
});
