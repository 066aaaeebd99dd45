// The 防災 console pages in Chromium: a shelter set to 開設 with its large status buttons, disaster mode switched
// on after the confirmation with its progress shown until every follower is linked, the 避難情報 count before
// sending and the send itself, and the 安否 page of the open disaster with
// the person who asked for help; axe-core finds no serious or critical violation.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffWithToken } from '../../src/admin/bootstrap.ts';
import { hashPassword } from '../../src/admin/passwords.ts';
import { setLogin } from '../../src/admin/staff-repository.ts';
import { upsertReport } from '../../src/features/bousai/safety/repository.ts';
import { waitFor } from '../helpers/harness.ts';
import { createSimUser, type LocalServer, sendSimEvent, startLocalServer } from '../helpers/local-server.ts';
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
const SHELTER = 'E4021800006111';
const SHELTER_NAME = '春日西中学校';
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

describe.skipIf(!chromiumInstalled)(
  `防災 console pages in Chromium ${chromiumInstalled ? '' : NO_CHROMIUM_MESSAGE}`,
  () => {
    beforeAll(async () => {
      s = await startLocalServer({ CONSOLE_MAP_TILES: 'off' });
      browser = await launchChromium();
      const created = await createStaffWithToken(s.app.pg.pool, {
        name: '防災 課長',
        isAdmin: false,
        roles: [{ scope: 'bousai', role: 'manager' }],
        via: 'test',
      });
      await setLogin(s.app.pg.pool, created.staffId, {
        loginId: 'bousai',
        passwordHash: await hashPassword(PASSWORD),
      });
    }, 240_000);
    afterAll(async () => {
      await browser?.close();
      await s?.close();
    });

    journey('opens a shelter and switches disaster mode on, showing its progress', async () => {
      await resident('避難 太郎');
      const hanako = await resident('避難 花子');
      const page = await signedIn('bousai', 'bousai/shelters');
      await page.getByLabel('名前または共通ID').fill(SHELTER);
      const card = page.getByRole('region', { name: SHELTER_NAME, exact: true });
      await waitFor(async () => (await page.getByRole('region').count()) === 1 || null, 'the search');
      await card.waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      // On a phone the status buttons stay large enough to tap and inside the screen.
      await page.setViewportSize({ width: 390, height: 844 });
      for (const name of ['未開設', '開設', '混雑', '満', '閉鎖']) {
        const box = await card.getByRole('button', { name, exact: true }).boundingBox();
        expect(box?.height).toBeGreaterThanOrEqual(44);
        expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(390);
      }
      await card.getByRole('button', { name: '開設', exact: true }).click();
      await page.getByText(`「${SHELTER_NAME}」を「開設」にしました`).waitFor();
      await page.getByTestId(`shelter-status-${SHELTER}`).filter({ hasText: '現在: 開設' }).waitFor();
      expect(await card.getByRole('button', { name: '開設', exact: true }).getAttribute('aria-pressed')).toBe(
        'true',
      );
      const [row] = await s.query<{ status: string }>('SELECT status FROM bousai_shelters WHERE id = $1', [
        SHELTER,
      ]);
      expect(row?.status).toBe('open');

      await page.setViewportSize({ width: 1280, height: 800 });
      await page.getByRole('navigation').getByRole('link', { name: '災害モード' }).click();
      await page.getByTestId('bousai-mode').filter({ hasText: '通常' }).waitFor();
      await page.getByLabel('理由（記録されます）').fill('大雨の訓練');
      await page.getByLabel('災害名（開いている災害がなければ開きます）').fill('令和8年 大雨（訓練）');
      await page.getByRole('button', { name: '災害モードにする' }).click();
      // Nothing happens before the confirmation.
      await page.getByText('すべての友だちのメニューを災害用に切り替えます。よろしいですか？').waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      await page.getByRole('button', { name: '切り替える' }).click();
      await page.getByText('切替を始めました').waitFor();
      await page.getByTestId('bousai-mode').filter({ hasText: '災害モード' }).waitFor();
      const progress = page.getByTestId('bousai-switch');
      await progress.filter({ hasText: '状態: 完了' }).waitFor();
      await progress.filter({ hasText: '利用者 2 / 2 人' }).waitFor();
      expect(await seriousViolations(page)).toEqual([]);

      await page.getByRole('navigation').getByRole('link', { name: '避難情報の配信' }).click();
      await page.getByTestId('alerts-count').filter({ hasText: '届く人: 2 人' }).waitFor();
      await page.getByLabel('テンプレート').selectOption('shelter_opened');
      await page.getByTestId('alerts-example').waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      await page.getByRole('button', { name: '送信する', exact: true }).click();
      await page.getByText('2 人に今すぐ送ります。よろしいですか？').waitFor();
      await page.getByRole('button', { name: '送信する（取り消せません）' }).click();
      await page.getByText(/送信を受け付けました/).waitFor();
      await page.getByRole('cell', { name: '避難所開設' }).waitFor();

      // A resident of the disaster the switch opened asks for help (as the chat would save it).
      const [open] = await s.query<{ id: string }>(
        'SELECT id::text FROM bousai_disasters WHERE closed_at IS NULL',
      );
      await upsertReport(
        s.app.pg.pool,
        {
          disasterId: open?.id ?? '',
          userId: hanako,
          proxy: null,
          situation: 'need_help',
          shelterId: null,
          people: 2,
          needs: ['wheelchair'],
          latitude: 33.5282,
          longitude: 130.4703,
        },
        new Date(),
      );
      await page.getByRole('navigation').getByRole('link', { name: '安否・避難の状況' }).click();
      await page
        .getByRole('option', { name: /令和8年 大雨（訓練） （継続中）/ })
        .waitFor({ state: 'attached' });
      await page.getByRole('heading', { name: '避難所ごとの件数' }).waitFor();
      await page.getByTestId('safety-situations').getByRole('cell', { name: '助けが必要' }).waitFor();
      await page.getByTestId('safety-help').getByRole('cell', { name: '車いす' }).waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      await page.close();
      expect(errors).toEqual([]);
    });
  },
);
