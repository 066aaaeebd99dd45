// An open /simulator tab across a server restart in local mode: the user, the chat and the menu are still there,
// the live stream reconnects by itself (a staff push arrives without reloading), and the user goes on chatting.
import { describe, expect, it } from 'vitest';
import { t } from '../../src/i18n/index.ts';
import { chromiumInstalled, NO_CHROMIUM_MESSAGE } from './helpers/chromium.ts';
import { botMessage, createUser, menuArea, openSimulator } from './helpers/simulator-page.ts';
import { useSimulatorSession } from './helpers/simulator-session.ts';

const session = useSimulatorSession();
const pageErrors: string[] = [];

describe(
  chromiumInstalled ? '/simulator across a restart' : `/simulator across a restart (${NO_CHROMIUM_MESSAGE})`,
  () => {
    it.skipIf(!chromiumInstalled)(
      'keeps the open tab working: same user and chat, live stream back, menu back, new answers',
      async () => {
        const page = await openSimulator(session.browser.context, session.server.url, pageErrors);
        await createUser(page, 'Noa', 'en');
        await page.evaluate(() => {
          (globalThis as unknown as { notReloaded: boolean }).notReloaded = true;
        });
        const greeting = botMessage(page, t('en', 'welcome.title', { name: 'Noa' }));

        await session.restart();

        // The stream reconnects on its own: a staff push made after the restart shows up live.
        const text = 'After the restart: still here.';
        const pushed = await fetch(
          `${session.server.url}/simulator/api/users/${await page
            .locator('[data-testid="user"].current')
            .getAttribute('data-user-id')}/push`,
          {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ text }),
          },
        );
        expect(pushed.status).toBe(200);
        await page
          .locator('[data-testid="msg-bot"][data-via="push"]')
          .filter({ hasText: text })
          .waitFor({ timeout: 20_000 });
        // The chat before the restart is still there, once; the menu of the user's language is back.
        expect(await greeting.count()).toBe(1);
        await menuArea(page, t('en', 'richmenu:items.faq.label')).waitFor();
        // The user goes on chatting with the restarted server.
        const answersBefore = await page.getByTestId('msg-bot').count();
        await page.getByTestId('keyboard-button').click();
        await page.getByTestId('text-input').fill('hello again');
        await page.getByTestId('text-input').press('Enter');
        // Typed text goes to the FAQ (an answer or its honest "not found"): any new answer shows the server is back.
        await expect
          .poll(() => page.getByTestId('msg-bot').count(), { timeout: 20_000 })
          .toBeGreaterThan(answersBefore);
        // Nothing went wrong on the page: no reload, no error shown.
        expect(
          await page.evaluate(() => (globalThis as unknown as { notReloaded?: boolean }).notReloaded),
        ).toBe(true);
        expect(await page.locator('#toast').isHidden()).toBe(true);
        await page.close();
        expect(pageErrors).toEqual([]);
      },
      120_000,
    );
  },
);
