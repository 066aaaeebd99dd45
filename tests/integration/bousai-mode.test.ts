// Disaster mode against the LINE API emulator: the switch creates the disaster menus once (aliases, images),
// makes the default menu the target's and bulk-links every follower (≤ 500 ids of one language a request, blocked
// users left out); it is idempotent, resumes from its committed cursor after an instance dies mid-way (another
// instance takes over when the lease runs out; the dead one's late write is refused), survives LINE failing for a
// while, a newer request supersedes an open one, and a follower or language change during disaster mode gets
// the disaster menu.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { transact } from '../../src/db/transact.ts';
import { createModeSwitchJob, type ModeSwitchJobOptions } from '../../src/features/bousai/alerts/mode/job.ts';
import { readModeState, requestSwitch } from '../../src/features/bousai/alerts/mode/repository.ts';
import type { SwitchRequest } from '../../src/features/bousai/alerts/mode/types.ts';
import { LANGUAGES } from '../../src/i18n/languages.ts';
import { DISASTER_MENU_NAME_PATTERN } from '../../src/line/richmenu/disaster/definition.ts';
import { addFollowers, aliasTarget, bulkLinks, deployEverydayMenus } from '../helpers/bousai.ts';
import { type Harness, startHarness } from '../helpers/harness.ts';

const T0 = new Date('2026-07-10T00:00:00Z');
const clock = { at: T0 };
let h: Harness;
let ja: string[];
let en: string[];
let easy: string[];
let blocked: string[];

function job(options: Partial<ModeSwitchJobOptions> = {}) {
  return createModeSwitchJob(h.app.services, {
    linksPerSecond: 1000,
    now: () => clock.at,
    pageSize: 100,
    ...options,
  });
}

async function request(target: 'disaster' | 'normal', extra: Partial<SwitchRequest> = {}) {
  return transact(h.app.pg.pool, (tx) =>
    requestSwitch(tx, { target, source: 'staff', reason: 'test', now: clock.at, ...extra }),
  );
}

function expectLinked(aliasPrefix: 'disaster' | 'main'): void {
  const wrong: string[] = [];
  for (const [ids, lang] of [
    [ja, 'ja'],
    [en, 'en'],
    [easy, 'ja-easy'],
  ] as const) {
    const target = aliasTarget(h, `${aliasPrefix}-${lang}`);
    for (const id of ids) if (h.emulator.userRichMenus.get(id) !== target) wrong.push(id);
  }
  expect(wrong).toEqual([]);
  for (const id of blocked) expect(h.emulator.userRichMenus.has(id)).toBe(false);
  expect(h.emulator.defaultRichMenuId).toBe(aliasTarget(h, `${aliasPrefix}-ja`));
}

// ja 430 → 5 requests of ≤ 100, en 120 → 2, ja-easy 35 → 1.
const REQUESTS_PER_SWITCH = 8;
const FOLLOWERS = 430 + 120 + 35;

describe('disaster mode switch', () => {
  beforeAll(async () => {
    h = await startHarness({ EVENT_WORKERS_ENABLED: 'false' }, { now: () => clock.at });
    await deployEverydayMenus(h);
    ja = await addFollowers(h, 430, { prefix: 'a' });
    en = await addFollowers(h, 120, { prefix: 'b', language: 'en' });
    easy = await addFollowers(h, 35, { prefix: 'c', language: 'ja-easy' });
    blocked = await addFollowers(h, 12, { prefix: 'd', followed: false });
  }, 180_000);
  afterAll(async () => {
    await h?.close();
  });
  beforeEach(() => {
    h.emulator.reset();
  });

  it('switches every follower to the disaster menu of their language, then back, idempotently', async () => {
    const first = await request('disaster', { disasterTitle: '令和8年7月豪雨' });
    expect(first.changed).toBe(true);
    expect(first.disasterId).not.toBeNull();
    expect((await readModeState(h.app.pg.pool)).mode).toBe('disaster');
    expect(await job().runOnce()).toMatchObject({ requests: REQUESTS_PER_SWITCH, users: FOLLOWERS });

    const disasterMenus = [...h.emulator.richMenus.values()].filter((m) =>
      DISASTER_MENU_NAME_PATTERN.test(m.name),
    );
    expect(disasterMenus).toHaveLength(LANGUAGES.length);
    for (const menu of disasterMenus) expect(menu.image).toBeTruthy();
    expectLinked('disaster');
    const links = bulkLinks(h);
    expect(links).toHaveLength(REQUESTS_PER_SWITCH);
    for (const link of links) expect(link.userIds.length).toBeLessThanOrEqual(100);
    const state = await readModeState(h.app.pg.pool);
    expect(state.latest).toMatchObject({
      status: 'done',
      phase: 'done',
      usersTotal: FOLLOWERS,
      usersDone: FOLLOWERS,
    });

    // Asked again: nothing new, nothing sent.
    h.emulator.reset();
    expect(await request('disaster')).toMatchObject({ changed: false });
    expect(await job().runOnce()).toEqual({ idle: true });
    expect(bulkLinks(h)).toHaveLength(0);

    // Back: the everyday menus, the same number of requests; the disaster menus are kept for the next time.
    const created = h.emulator.richMenus.size;
    expect(await request('normal', { closeDisaster: true })).toMatchObject({ changed: true });
    expect(await job().runOnce()).toMatchObject({ requests: REQUESTS_PER_SWITCH });
    expectLinked('main');
    const closed = await h.query<{ closed_at: Date | null }>(
      'SELECT closed_at FROM bousai_disasters WHERE id = $1',
      [first.disasterId],
    );
    expect(closed[0]?.closed_at).not.toBeNull();
    // A second disaster reuses the menus: no rich menu created (LINE allows 100 creations an hour).
    await request('disaster');
    await job().runOnce();
    expect(h.emulator.richMenus.size).toBe(created);
    expectLinked('disaster');
    await request('normal');
    await job().runOnce();
  }, 60_000);

  it('resumes after an instance dies mid-way: the next takes over after the lease, the dead one cannot write', async () => {
    await request('disaster');
    let release: () => void = () => {};
    const hung = new Promise<void>((resolve) => {
      release = resolve;
    });
    // Instance A stops answering after its third request (the process froze or died; its lease is left).
    const dead = job({
      leaseMs: 60_000,
      afterRequest: async (_claimed, requests) => {
        if (requests === 3) await hung;
      },
    });
    const deadRound = dead.runOnce();
    await expect
      .poll(async () => (await readModeState(h.app.pg.pool)).latest?.linkRequests, { timeout: 20_000 })
      .toBe(3);
    // Within the lease nobody else takes it.
    expect(await job().runOnce()).toEqual({ idle: true });
    const progress = (await readModeState(h.app.pg.pool)).latest;
    expect(progress).toMatchObject({ status: 'running', phase: 'users', usersDone: 300 });

    clock.at = new Date(clock.at.getTime() + 61_000);
    expect(await job().runOnce()).toMatchObject({ requests: REQUESTS_PER_SWITCH - 3 });
    expectLinked('disaster');
    // Each page linked once across both instances: nothing redone, nothing skipped.
    expect(bulkLinks(h)).toHaveLength(REQUESTS_PER_SWITCH);
    expect((await readModeState(h.app.pg.pool)).latest).toMatchObject({
      status: 'done',
      usersDone: FOLLOWERS,
      linkRequests: REQUESTS_PER_SWITCH,
      attempts: 2,
    });

    // The frozen instance wakes up: its lease is gone, it writes nothing.
    release();
    expect(await deadRound).toMatchObject({ lost: expect.any(String) });
    expect((await readModeState(h.app.pg.pool)).latest).toMatchObject({
      status: 'done',
      usersDone: FOLLOWERS,
    });
    await request('normal');
    await job().runOnce();
    expectLinked('main');
  }, 60_000);

  it('keeps its cursor when LINE fails for a while, and resumes after the backoff', async () => {
    await request('disaster');
    // Two pages go through, then the bulk link answers 500 more times than the client retries.
    const failing = job({
      afterRequest: async (_claimed, requests) => {
        if (requests === 2)
          h.emulator.failNext({ path: '/v2/bot/richmenu/bulk/link', status: 500, times: 5 });
      },
    });
    expect(await failing.runOnce()).toMatchObject({ failed: expect.stringContaining('500') });
    const after = (await readModeState(h.app.pg.pool)).latest;
    expect(after).toMatchObject({
      status: 'running',
      usersDone: 200,
      lastError: expect.stringContaining('500'),
    });
    // Before the backoff nobody resumes; after it, the rest.
    expect(await job().runOnce()).toEqual({ idle: true });
    clock.at = new Date(clock.at.getTime() + 10_000);
    expect(await job().runOnce()).toMatchObject({ requests: REQUESTS_PER_SWITCH - 2 });
    expectLinked('disaster');
    await request('normal');
    await job().runOnce();
  }, 60_000);

  it('a newer request supersedes an open switch; the old run stops at its next write', async () => {
    await request('disaster');
    const run = job({
      afterRequest: async (_claimed, requests) => {
        if (requests === 2) await request('normal');
      },
    });
    expect(await run.runOnce()).toMatchObject({ lost: expect.any(String) });
    const states = await h.query<{ target: string; status: string }>(
      'SELECT target, status FROM bousai_mode_switches ORDER BY id DESC LIMIT 2',
    );
    expect(states).toEqual([
      { target: 'normal', status: 'pending' },
      { target: 'disaster', status: 'superseded' },
    ]);
    await job().runOnce();
    expectLinked('main');
  }, 60_000);

  it('links a follower or a language change during disaster mode to the disaster menu', async () => {
    await request('disaster');
    await job().runOnce();
    const [newcomer] = await addFollowers(h, 1, { prefix: 'e' });
    await h.app.services.linkUserMenu(newcomer as string, 'en');
    expect(h.emulator.userRichMenus.get(newcomer as string)).toBe(aliasTarget(h, 'disaster-en'));
    await request('normal');
    await job().runOnce();
    await h.app.services.linkUserMenu(newcomer as string, 'ja-easy');
    expect(h.emulator.userRichMenus.get(newcomer as string)).toBe(aliasTarget(h, 'main-ja-easy'));
  }, 60_000);
});
