// Runs one claimed mode switch to its end: the target menus exist (the disaster ones are created and aliased on
// first use), the default menu is the target's, then every follower is bulk-linked — 500 ids of one language a
// request, within the shared rate limit — with the cursor committed after each request so a crash loses at most
// one request's work. A lost lease (taken over, superseded) stops the run without writing.
import type { messagingApi } from '@line/bot-sdk';
import type { FastifyBaseLogger } from 'fastify';
import type pg from 'pg';
import { LANGUAGES, type Language } from '../../../../i18n/languages.ts';
import { callWithRetry, retryPolicy } from '../../../../line/client/retry.ts';
import { ensureDefaultMenu } from '../../../../line/richmenu/deploy-aliases.ts';
import { deployDisasterMenus } from '../../../../line/richmenu/disaster/deploy.ts';
import { BULK_LINK_MAX_USERS } from '../../../../line/richmenu/link.ts';
import { menuAliasFor } from '../../../../line/richmenu/mode.ts';
import {
  type ClaimedSwitch,
  countFollowers,
  finishSwitch,
  followersPage,
  type Progress,
  recordProgress,
} from './repository.ts';

export interface SwitchRunContext {
  pool: pg.Pool;
  api: messagingApi.MessagingApiClient;
  blob: messagingApi.MessagingApiBlobClient;
  log: FastifyBaseLogger;
  leaseMs: number;
  now: () => Date;
  /** Awaited before every bulk-link request (the rate limit shared by instances). */
  beforeLink: () => Promise<void>;
  /** Users per bulk-link request, ≤ 500 (smaller only in tests). */
  pageSize?: number;
  /** Tests: called after each committed request (a crash can be simulated here). */
  afterRequest?: (claimed: ClaimedSwitch, requests: number) => Promise<void>;
}

/** Language groups in the order users are linked; the cursor's group is an index into this list. */
export const LINK_GROUPS: readonly Language[] = LANGUAGES;

async function aliasTargets(api: messagingApi.MessagingApiClient): Promise<Map<string, string>> {
  const { aliases } = await api.getRichMenuAliasList();
  return new Map(aliases.map((alias) => [alias.richMenuAliasId, alias.richMenuId]));
}

/** The menu id behind each language's alias in the target mode; creates the disaster menus when needed. */
async function prepareMenus(
  context: SwitchRunContext,
  claimed: ClaimedSwitch,
): Promise<Map<Language, string>> {
  const { api, blob, log } = context;
  // Reused by name (content hash): a switch after the first creates nothing, within LINE's 100/hour.
  if (claimed.target === 'disaster') await deployDisasterMenus(api, blob, log);
  const aliases = await aliasTargets(api);
  const ids = new Map<Language, string>();
  for (const lang of LANGUAGES) {
    const aliasId = menuAliasFor(claimed.target, lang);
    const id = aliases.get(aliasId);
    if (!id) throw new Error(`rich menu alias ${aliasId} does not exist (run npm run richmenu:deploy first)`);
    ids.set(lang, id);
  }
  return ids;
}

export interface SwitchRunResult {
  switchId: string;
  requests: number;
  users: number;
}

export async function runSwitch(context: SwitchRunContext, claimed: ClaimedSwitch): Promise<SwitchRunResult> {
  const { pool, api, log, leaseMs } = context;
  const pageSize = Math.min(BULK_LINK_MAX_USERS, Math.max(1, context.pageSize ?? BULK_LINK_MAX_USERS));
  const policy = { policy: retryPolicy({}), logger: log };
  const progress = (p: Progress) => recordProgress(pool, claimed, p, context.now(), leaseMs);
  const menuIds = await prepareMenus(context, claimed);
  let phase = claimed.phase;
  if (phase === 'menus') {
    await progress({ phase: 'default' });
    phase = 'default';
  }
  if (phase === 'default') {
    const defaultId = menuIds.get('ja');
    if (!defaultId) throw new Error('no Japanese menu for the default');
    // Users never linked (and anyone LINE does not list for us) see the default: it changes first.
    await ensureDefaultMenu(api, defaultId, log);
    await progress({ phase: 'users', usersTotal: await countFollowers(pool) });
    phase = 'users';
  }
  let group = claimed.cursorGroup;
  let after = claimed.cursorUser;
  let requests = 0;
  let users = 0;
  while (phase === 'users' && group < LINK_GROUPS.length) {
    const lang = LINK_GROUPS[group] as Language;
    const userIds = await followersPage(pool, lang, after, pageSize);
    if (userIds.length > 0) {
      const richMenuId = menuIds.get(lang) ?? '';
      await callWithRetry(
        'richmenu bulk link',
        async () => {
          await context.beforeLink();
          await api.linkRichMenuIdToUsers({ richMenuId, userIds });
        },
        policy,
      );
      requests += 1;
      users += userIds.length;
      after = userIds.at(-1) ?? after;
    }
    const groupDone = userIds.length < pageSize;
    if (groupDone) {
      group += 1;
      after = '';
    }
    await progress({
      cursorGroup: group,
      cursorUser: after,
      addUsers: userIds.length,
      addRequests: userIds.length > 0 ? 1 : 0,
    });
    if (userIds.length > 0) await context.afterRequest?.(claimed, requests);
  }
  await finishSwitch(pool, claimed, context.now());
  log.info({ switchId: claimed.id, target: claimed.target, requests, users }, 'rich menu mode switch done');
  return { switchId: claimed.id, requests, users };
}
