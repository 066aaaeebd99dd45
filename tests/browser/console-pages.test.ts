// The console's other journeys in Chromium: a 損傷報告 triaged to 完了 from the list and its map (the reporter's
// chat gets the news), a 子育て segment composed with its live count and sent (the parent's chat gets it), the
// statistics rendered without anyone's name, and a viewer who sees no operator buttons; axe-core finds no
// serious or critical violation on these pages.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffWithToken } from '../../src/admin/bootstrap.ts';
import { hashPassword } from '../../src/admin/passwords.ts';
import { setLogin } from '../../src/admin/staff-repository.ts';
import { transact } from '../../src/db/transact.ts';
import { createReport, loadReportCatalog } from '../../src/features/reports/index.ts';
import { loadCityBoundary } from '../../src/geo/boundary.ts';
import { waitFor } from '../helpers/harness.ts';
import {
  createSimUser,
  type LocalServer,
  sendSimEvent,
  simTranscript,
  startLocalServer,
} from '../helpers/local-server.ts';
import { seriousViolations } from './helpers/axe.ts';
import {
  chromiumInstalled,
  collectCspViolations,
  launchChromium,
  NO_CHROMIUM_MESSAGE,
  provideJapaneseFont,
  type TestBrowser,
} from './helpers/chromium.ts';

const PASSWORD = 'correct horse battery';
const journey = (name: string, fn: () => Promise<void>) => it(name, fn, 180_000);

let s: LocalServer;
let browser: TestBrowser;
const errors: string[] = [];

async function signedIn(login: string, path: string): Promise<Page> {
  const context = browser.context;
  await context.clearCookies();
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  await provideJapaneseFont(page);
  await collectCspViolations(page, errors);
  page.on('pageerror', (error) => errors.push(String(error)));
  await page.goto(`${s.url}/console/${path}`, { waitUntil: 'domcontentloaded', timeout: 60_000 });
  await page.getByLabel('ログイン ID').fill(login);
  await page.getByLabel('パスワード').fill(PASSWORD);
  await page.getByRole('button', { name: 'サインイン' }).click();
  await page.getByRole('navigation').waitFor();
  return page;
}

async function resident(name: string): Promise<string> {
  const user = await createSimUser(s, name, 'ja');
  await sendSimEvent(s, user.userId, { type: 'follow' });
  await waitFor(
    async () => (await s.query('SELECT 1 FROM line_users WHERE user_id = $1', [user.userId])).length > 0,
    'the follow',
  );
  return user.userId;
}

const botTexts = async (userId: string) =>
  JSON.stringify(
    (await simTranscript(s, userId)).filter((item) => item.from === 'bot').map((item) => item.message),
  );

describe.skipIf(!chromiumInstalled)(
  `console pages in Chromium ${chromiumInstalled ? '' : NO_CHROMIUM_MESSAGE}`,
  () => {
    beforeAll(async () => {
      s = await startLocalServer({ CONSOLE_MAP_TILES: 'off' });
      browser = await launchChromium();
      for (const [name, login, roles] of [
        ['道路 課長', 'road', [{ scope: 'reports', role: 'operator' }]],
        ['子育て 担当', 'kosodate', [{ scope: 'childcare', role: 'operator' }]],
        [
          '閲覧 専用',
          'viewer',
          [
            { scope: 'reports', role: 'viewer' },
            { scope: 'childcare', role: 'viewer' },
          ],
        ],
      ] as const) {
        const created = await createStaffWithToken(s.app.pg.pool, {
          name,
          isAdmin: false,
          roles: [...roles],
          via: 'test',
        });
        await setLogin(s.app.pg.pool, created.staffId, {
          loginId: login,
          passwordHash: await hashPassword(PASSWORD),
        });
      }
    }, 240_000);
    afterAll(async () => {
      await browser?.close();
      await s?.close();
    });

    journey('triages a damage report to 完了 from the map, and the reporter is told', async () => {
      const reporter = await resident('報告 者');
      const context = { catalog: loadReportCatalog(), boundary: await loadCityBoundary() };
      const report = await transact(s.app.pg.pool, (tx) =>
        createReport(
          tx,
          {
            userId: reporter,
            category: 'road',
            lat: 33.5282,
            lon: 130.4703,
            comment: '道路に穴があいています',
            address: '春日市原町',
            photoKeys: [],
            photosOptional: true,
          },
          context,
        ),
      );
      const page = await signedIn('road', 'reports');
      await page.getByRole('link', { name: `${report.number} 受付` }).waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      // The marker is a link: open the report from the map by keyboard.
      await page.getByRole('link', { name: `${report.number} 受付` }).focus();
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: `損傷報告 ${report.number}` }).waitFor();
      await page.getByRole('button', { name: '対応中' }).click();
      await page.getByText('状況を「対応中」にしました').waitFor();
      // 対応不可 needs a reason: its button waits for one.
      expect(await page.getByRole('button', { name: '対応不可' }).isDisabled()).toBe(true);
      await page.getByRole('button', { name: '完了' }).click();
      await page.getByText('状況を「完了」にしました').waitFor();
      await page
        .getByTestId('report-status')
        .filter({ hasText: /^完了$/ })
        .waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      await waitFor(
        async () => (await botTexts(reporter)).includes(report.number) || null,
        'the reporter told',
      );
      await page.close();
      expect(errors).toEqual([]);
    });

    journey('composes a 子育て message with its live count, and sends it', async () => {
      const parent = await resident('保護 者');
      await s.query(
        `INSERT INTO childcare_parents (user_id, consent_version, consented_at) VALUES ($1, 'v1', now())`,
        [parent],
      );
      const birth = new Date(Date.now() - 200 * 86_400_000).toISOString().slice(0, 10);
      await s.query(
        `INSERT INTO childcare_children (user_id, nickname, birth_date) VALUES ($1, 'こども', $2)`,
        [parent, birth],
      );
      const page = await signedIn('kosodate', 'childcare/segments');
      await page.getByLabel('子どもの月齢（から）').fill('3');
      await page.getByLabel('子どもの月齢（まで）').fill('12');
      await page.getByText('届く保護者: 1 人').waitFor();
      await page.getByLabel('子どもの月齢（から）').fill('24');
      await page.getByLabel('子どもの月齢（まで）').fill('36');
      await page.getByText('届く保護者: 0 人').waitFor();
      await page.getByLabel('子どもの月齢（から）').fill('3');
      await page.getByLabel('子どもの月齢（まで）').fill('12');
      await page.getByText('届く保護者: 1 人').waitFor();
      await page.getByLabel('件名（職員用）').fill('6〜7か月児相談');
      await page.getByLabel('本文（日本語）').fill('6〜7か月児相談のお知らせです。');
      // Sent now whatever the hour (the quiet hours would hold it at night).
      await page.getByLabel('緊急（夜間でも送る・記録されます）').check();
      expect(await seriousViolations(page)).toEqual([]);
      await page.getByRole('button', { name: '配信を予約する' }).click();
      await page.getByText('「6〜7か月児相談」の配信を予約しました').waitFor();
      await page.getByRole('cell', { name: '6〜7か月児相談' }).waitFor();
      await waitFor(
        async () => (await botTexts(parent)).includes('6〜7か月児相談のお知らせ') || null,
        'the message',
      );
      await page.close();
      expect(errors).toEqual([]);
    });

    journey('shows the statistics as charts and tables of counts, without names', async () => {
      const page = await signedIn('road', 'stats');
      await page
        .getByRole('heading', { name: '友だち追加とブロック（日別）' })
        .waitFor()
        .catch(async (error: unknown) => {
          await page.screenshot({ path: '/tmp/stats-fail.png' });
          throw new Error(`${String(error)}\n${await page.textContent('body')}\n${errors.join('\n')}`);
        });
      await page.getByRole('heading', { name: '損傷報告（種類・状況別）' }).waitFor();
      await page
        .getByTestId('stats-reports.byCategoryStatus')
        .getByRole('columnheader', { name: '受付' })
        .waitFor();
      expect(await page.locator('svg[role="img"]').count()).toBeGreaterThanOrEqual(2);
      const text = await page.textContent('main');
      for (const name of ['報告 者', '保護 者', '道路に穴']) expect(text).not.toContain(name);
      expect(await seriousViolations(page)).toEqual([]);
      await page.close();
    });

    journey('shows a viewer no operator buttons', async () => {
      const page = await signedIn('viewer', 'reports');
      const [report] = await s.query<{ id: string; number: string }>(
        'SELECT id::text, number FROM reports LIMIT 1',
      );
      await page
        .getByRole('link', { name: String(report?.number) })
        .first()
        .click();
      await page.getByRole('heading', { name: `損傷報告 ${report?.number}` }).waitFor();
      expect(await page.getByRole('button', { name: '対応中' }).count()).toBe(0);
      expect(await page.getByRole('button', { name: 'メモを追加' }).count()).toBe(0);
      await page.getByRole('navigation').getByRole('link', { name: '子育て 配信' }).click();
      await page.getByRole('heading', { name: '子育て 配信' }).waitFor();
      expect(await page.getByRole('button', { name: '配信を予約する' }).count()).toBe(0);
      await page.close();
      expect(errors).toEqual([]);
    });
  },
);
