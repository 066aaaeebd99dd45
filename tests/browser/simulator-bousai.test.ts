// 防災 in the /simulator page in headless Chromium against the real server in local mode: with a disaster open
// and one shelter opened by staff (through the staff API), a resident opens 防災, shares a named place, sees the
// open shelter first with its route link, and reports being safe.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t } from '../../src/i18n/index.ts';
import { adminCall } from '../helpers/admin-http.ts';
import { type ServerProcess, spawnServer } from '../helpers/server-process.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts';
import {
  chromiumInstalled,
  launchChromium,
  NO_CHROMIUM_MESSAGE,
  type TestBrowser,
} from './helpers/chromium.ts';
import { botMessage, createUser, menuArea, openSimulator } from './helpers/simulator-page.ts';

const SHELTER = 'E4021800006111';
const SHELTER_NAME = '春日西中学校';
const b = (key: string, vars?: Record<string, string | number>) => t('ja', `bousai:${key}`, vars);

/** `npm run staff:create` on the test database, before the server holds it: the token it prints. */
function createManager(env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const proc = spawn(
      process.execPath,
      ['src/admin/staff-cli.ts', '--name', '防災 課長', '--role', 'bousai:manager'],
      { env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env }, stdio: 'pipe' },
    );
    let out = '';
    proc.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
    });
    proc.stderr.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
    });
    proc.on('exit', (code) => {
      const token = out.trim().split('\n').at(-1)?.trim();
      if (code === 0 && token) resolve(token);
      else reject(new Error(`staff:create failed (${code}): ${out}`));
    });
  });
}

let db: TestDatabase | undefined;
let server: ServerProcess | undefined;
let browser: TestBrowser | undefined;
let token = '';
const pageErrors: string[] = [];

beforeAll(async () => {
  if (!chromiumInstalled) return;
  db = await createTestDatabase();
  const env = {
    DATA_DIR: db.dataDir,
    ...(db.databaseUrl ? { DATABASE_URL: db.databaseUrl } : {}),
    LOG_LEVEL: 'warn',
  };
  token = await createManager(env);
  server = await spawnServer({ ...env, LOCAL_MODE: 'on' });
  browser = await launchChromium();
  // Creating an embedded database (twice opened) on a busy machine can take minutes.
}, 240_000);
afterAll(async () => {
  await browser?.close();
  if (server) {
    server.proc.kill('SIGTERM');
    await server.exited;
  }
  await db?.drop();
});

describe(
  chromiumInstalled ? '防災 in the simulator (Chromium)' : `防災 in the simulator (${NO_CHROMIUM_MESSAGE})`,
  () => {
    it.skipIf(!chromiumInstalled)(
      'finds the nearest open shelter and reports being safe',
      async () => {
        const url = server?.url ?? '';
        const opened = await adminCall(url, 'POST', '/admin/bousai/disasters', token, { title: '訓練' });
        expect(opened.status).toBe(201);
        const status = await adminCall(url, 'PUT', `/admin/bousai/shelters/${SHELTER}/status`, token, {
          status: 'open',
        });
        expect(status.status).toBe(200);

        const page = await openSimulator(browser?.context as TestBrowser['context'], url, pageErrors);
        await createUser(page, '春日 花子', 'ja');
        const quickReply = (label: string) =>
          page.getByTestId('quick-reply').filter({ hasText: label }).first();

        await menuArea(page, t('ja', 'richmenu:items.disaster.label')).click();
        await botMessage(page, b('menu.textDisaster')).waitFor();
        await quickReply(b('menu.sendLocation')).click();
        const place = page.getByTestId('place').first();
        const placeName = (await place.locator('.place-name').textContent()) ?? '';
        await place.click();
        await page.getByTestId('location-share').click();
        await page.getByTestId('msg-user').filter({ hasText: placeName }).waitFor();

        await botMessage(page, b('near.openFirst')).waitFor();
        const first = page.getByTestId('flex-bubble').filter({ hasText: SHELTER_NAME }).first();
        await first.waitFor();
        expect(await first.textContent()).toContain(b('status.open'));
        expect(await first.textContent()).toContain(b('near.credit'));
        const route = first.locator('a.fx-btn').filter({ hasText: b('card.route') });
        expect(await route.getAttribute('href')).toMatch(
          /^https:\/\/www\.google\.com\/maps\/dir\/\?api=1&origin=/,
        );

        await quickReply(b('menu.safety')).click();
        await botMessage(page, b('safety.askSituation')).waitFor();
        await quickReply(b('situation.safe_home')).click();
        await botMessage(page, b('safety.askPeople')).waitFor();
        await quickReply(b('safety.peopleLabel', { count: 2 })).click();
        await quickReply(b('safety.needsDone')).click();
        await botMessage(page, '安否の報告を受け付けました').waitFor();

        const counts = await adminCall(url, 'GET', `/admin/bousai/disasters/${opened.body.id}/counts`, token);
        expect(counts.body.situations).toEqual([{ situation: 'safe_home', reports: 1, people: 2 }]);
        await page.close();
        expect(pageErrors).toEqual([]);
      },
      120_000,
    );
  },
);
