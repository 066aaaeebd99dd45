// The staff console in Chromium: the first administrator set up with the one-time link, a day at the 申告
// desk (a walk-in into the next free slot, a LINE resident checked in by the booking number they read out,
// call next — the resident's simulator chat gets the push and the waiting-room display shows the number),
// the audit log read, sign-out and sign-in by keyboard; axe-core finds no serious or critical violation.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSetupLink } from '../../src/admin/setup-links.ts';
import { transact } from '../../src/db/transact.ts';
import { bookSlot } from '../../src/features/reservations/booking.ts';
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

// A browser, a server and the chat on a machine shared by many: each journey may take a while.
const journey = (name: string, fn: () => Promise<void>) => it(name, fn, 180_000);

const TODAY = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Tokyo' }).format(new Date());
const PASSWORD = 'correct horse battery';

let s: LocalServer;
let browser: TestBrowser;
const errors: string[] = [];

async function openPage(path: string): Promise<Page> {
  const page = await browser.context.newPage();
  page.setDefaultTimeout(30_000);
  await provideJapaneseFont(page);
  await collectCspViolations(page, errors);
  page.on('pageerror', (error) => errors.push(String(error)));
  await page.goto(`${s.url}${path}`, { waitUntil: 'domcontentloaded', timeout: 60_000 });
  return page;
}

async function expectAccessible(page: Page): Promise<void> {
  expect(await seriousViolations(page)).toEqual([]);
}

describe.skipIf(!chromiumInstalled)(
  `the staff console in Chromium ${chromiumInstalled ? '' : NO_CHROMIUM_MESSAGE}`,
  () => {
    beforeAll(async () => {
      s = await startLocalServer({ CONSOLE_MAP_TILES: 'off' });
      browser = await launchChromium();
    }, 240_000);
    afterAll(async () => {
      await browser?.close();
      await s?.close();
    });

    journey(
      'sets up the first administrator with the one-time link, and signs in again by keyboard',
      async () => {
        const token = await createSetupLink(s.app.pg.pool);
        const page = await openPage(`/console/setup#${token}`);
        await page.getByLabel('氏名').fill('山田 花子');
        await page.getByLabel('ログイン ID').fill('yamada');
        await page.getByLabel('パスワード').fill(PASSWORD);
        await expectAccessible(page);
        await page.getByRole('button', { name: '登録してサインイン' }).click();
        await page.getByText('山田 花子 さん、おつかれさまです。').waitFor();
        await expectAccessible(page);

        await page.getByRole('button', { name: 'サインアウト' }).click();
        await page.getByRole('heading', { name: 'サインイン' }).waitFor();
        await expectAccessible(page);
        // Keyboard only: tab into the fields, Enter submits.
        await page.getByLabel('ログイン ID').focus();
        await page.keyboard.type('yamada');
        await page.keyboard.press('Tab');
        await page.keyboard.type(PASSWORD);
        await page.keyboard.press('Enter');
        await page
          .getByRole('navigation')
          .getByRole('link', { name: '申告予約 窓口', exact: true })
          .waitFor();
        // English is one switch away.
        await page.getByRole('button', { name: 'English' }).click();
        await page
          .getByRole('navigation')
          .getByRole('link', { name: 'Reservations desk', exact: true })
          .waitFor();
        await page.getByRole('button', { name: '日本語' }).click();
        await page.close();
      },
    );

    journey(
      'runs a day at the desk: walk-in, check-in by booking number, call next (push + display)',
      async () => {
        const page = await openPage('/console/');
        const csrf = await page.evaluate(async () => {
          const answer = await fetch('/admin/session').then(
            (r) => r.json() as Promise<{ csrfToken: string }>,
          );
          return answer.csrfToken;
        });
        const manage = async (method: string, path: string, body: unknown) => {
          const answer = await page.request.fetch(`${s.url}${path}`, {
            method,
            headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
            data: JSON.stringify(body),
          });
          expect(answer.status(), await answer.text()).toBeLessThan(300);
          return answer.json() as Promise<Record<string, unknown>>;
        };
        await manage('PUT', '/admin/reservations/services/tax', {
          name: { ja: '確定申告', en: 'Tax return' },
        });
        await manage('POST', '/admin/reservations/services/tax/slots', {
          from: TODAY,
          to: TODAY,
          weekdays: [0, 1, 2, 3, 4, 5, 6],
          times: [{ start: '00:00', end: '23:59' }],
          capacity: 30,
        });
        // A LINE resident who booked ahead.
        const resident = await createSimUser(s, '佐藤 健', 'ja');
        await sendSimEvent(s, resident.userId, { type: 'follow' });
        await waitFor(
          async () =>
            (await s.query('SELECT 1 FROM line_users WHERE user_id = $1', [resident.userId])).length > 0,
          'the follow',
        );
        const [slot] = await s.query<{ id: string }>(
          `SELECT id::text FROM reservation_slots WHERE service_id = 'tax'`,
        );
        const booking = await transact(s.app.pg.pool, (tx) =>
          bookSlot(
            tx,
            String(slot?.id),
            { userId: resident.userId },
            { now: new Date(Date.now() - 86_400_000) },
          ),
        );

        await page.getByRole('navigation').getByRole('link', { name: '申告予約 窓口', exact: true }).click();
        await page.getByRole('table', { name: '本日の予約' }).getByText(booking.number).waitFor();
        await page.getByText('自動更新中').waitFor();
        await expectAccessible(page);

        // A walk-in, checked in at once: queue number 1.
        await page.getByLabel('氏名', { exact: true }).fill('窓口 一郎');
        await page.getByLabel('電話番号（任意）').fill('092-123-4567');
        await page.getByRole('button', { name: '次の空き枠に登録' }).click();
        await page.getByText(/窓口 一郎 さんを登録しました/).waitFor();

        // The resident reads out their number; the clerk types it full-width.
        const typed = [...booking.number.toLowerCase()]
          .map((c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0))
          .join('');
        await page.getByLabel('予約番号', { exact: true }).fill(typed);
        await page.getByRole('button', { name: '予約番号で受付' }).click();
        await page.getByText(`${booking.number}: 受付済み`).waitFor();

        // The waiting-room display, opened with its own link.
        await page.getByRole('button', { name: '表示用リンクを作る' }).click();
        const link = await page.getByTestId('display-link').getAttribute('href');
        expect(link).toContain('/console/display/#');
        const display = await openPage(new URL(String(link)).pathname + new URL(String(link)).hash);
        await display.getByTestId('next').getByText('2').waitFor();
        await expectAccessible(display);

        // Call next twice: the walk-in (1), then the resident (2), who is pushed.
        await page.getByRole('button', { name: '次の人を呼び出す' }).click();
        await page.getByText('受付番号 1 を呼び出しました').waitFor();
        await display.getByTestId('called').getByText('1', { exact: true }).waitFor();
        await page.getByRole('button', { name: '次の人を呼び出す' }).click();
        await page.getByText('受付番号 2 を呼び出しました').waitFor();
        await display.getByTestId('called').getByText('2', { exact: true }).waitFor();
        const shown = await display.textContent('body');
        expect(shown).not.toContain('佐藤');
        expect(shown).not.toContain(booking.number);
        await waitFor(
          async () =>
            (await simTranscript(s, resident.userId)).some(
              (item) => item.from === 'bot' && JSON.stringify(item.message).includes('2'),
            ) || null,
          'the call pushed to the resident',
        );

        // Complete the resident at the desk; the live list follows.
        const row = page.getByRole('row').filter({ hasText: booking.number }).first();
        await row.getByRole('button', { name: '完了' }).click();
        await row.getByText('完了').first().waitFor();
        await display.close();
        await page.close();
        expect(errors).toEqual([]);
      },
    );

    journey('reads the audit log with a filter', async () => {
      const page = await openPage('/console/audit');
      await page.getByLabel('操作').fill('reservation.call');
      await page.getByRole('button', { name: '検索' }).click();
      await page.getByRole('cell', { name: 'reservation.call' }).first().waitFor();
      await expectAccessible(page);
      await page.close();
      expect(errors).toEqual([]);
    });
  },
);
