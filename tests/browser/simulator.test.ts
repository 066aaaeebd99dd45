// The /simulator page in headless Chromium against the real server in local mode: a new user's greeting Flex,
// rich-menu taps and tab switches, a language change, a live staff push, and the other things a phone sends.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { renderFlex } from '../../src/flex/index.ts';
import { type Language, t } from '../../src/i18n/index.ts';
import { chromiumInstalled, NO_CHROMIUM_MESSAGE } from './helpers/chromium.ts';
import { flexTexts } from './helpers/flex-texts.ts';
import { css, type PageImage } from './helpers/page-globals.ts';
import {
  botMessage,
  cityBoundary,
  createUser,
  currentUserId,
  insidePolygon,
  lastUserLocation,
  menuArea,
  menuId,
  openSimulator,
  PNG_1X1,
  renderedTexts,
} from './helpers/simulator-page.ts';
import { useSimulatorSession } from './helpers/simulator-session.ts';

const ARTIFACTS = path.resolve('test-artifacts');

const session = useSimulatorSession();
const pageErrors: string[] = [];

async function openAsNewUser(displayName: string, language: Language): Promise<Page> {
  const page = await openSimulator(session.browser.context, session.server.url, pageErrors);
  await createUser(page, displayName, language);
  return page;
}

describe(
  chromiumInstalled ? '/simulator in Chromium' : `/simulator in Chromium (${NO_CHROMIUM_MESSAGE})`,
  () => {
    it.skipIf(!chromiumInstalled)('greets a new English user with the welcome Flex bubble', async () => {
      const page = await openAsNewUser('Alex', 'en');
      const bubble = botMessage(page, t('en', 'welcome.title', { name: 'Alex' })).getByTestId('flex-bubble');

      // Every text of flex-templates/welcome.json, filled from the English locale, in template order.
      const sent = renderFlex('welcome', { lang: 'en', data: { name: 'Alex' }, altText: 'welcome' });
      const expected = flexTexts(sent.contents);
      expect(expected).toEqual([
        t('en', 'city.name'),
        t('en', 'welcome.title', { name: 'Alex' }),
        t('en', 'welcome.body'),
        t('en', 'welcome.chooseLanguage'),
      ]);
      expect(await renderedTexts(bubble)).toEqual(expected);

      // Drawn as the template says: the header's colour, a bold title, a full-width primary button.
      const header = bubble.locator('.fx-header > .fx-box');
      expect(await css(header, 'background-color')).toBe('rgb(29, 111, 165)');
      const title = bubble.locator('.fx-text-line', { hasText: t('en', 'welcome.title', { name: 'Alex' }) });
      expect(await css(title, 'font-size')).toBe('19px');
      expect(await css(title, 'font-weight')).toBe('700');
      const button = bubble.getByRole('button', { name: t('en', 'welcome.chooseLanguage') });
      expect(await css(button, 'height')).toBe('52px');
      // The user's own follow shows as LINE's notice; the account name heads the chat.
      await expect(page.getByTestId('account-name').textContent()).resolves.toBe('春日市');
      expect(await page.getByTestId('msg-notice').count()).toBe(1);

      await mkdir(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: path.join(ARTIFACTS, 'simulator-flex.png') });
      await page.close();
      expect(pageErrors).toEqual([]);
    });

    it.skipIf(!chromiumInstalled)('taps rich-menu areas and switches tabs through the aliases', async () => {
      const page = await openAsNewUser('Sam', 'en');
      // The menu opens with the chat (selected) and its chat-bar text toggles it.
      const chatBar = page.getByTestId('chatbar-text');
      expect(await chatBar.textContent()).toContain(t('en', 'richmenu:chatBarText'));
      await chatBar.click();
      expect(await page.getByTestId('richmenu').count()).toBe(0);
      await chatBar.click();
      await page.getByTestId('richmenu').waitFor();

      await menuArea(page, t('en', 'richmenu:items.faq.label')).click();
      // よくある質問 opens its areas.
      const reply = botMessage(page, t('en', 'faq:menu.title'));
      await reply.waitFor();
      expect((await renderedTexts(reply.getByTestId('flex-bubble'))).slice(0, 2)).toEqual([
        t('en', 'faq:menu.title'),
        t('en', 'faq:menu.lead'),
      ]);
      // The postback went through the webhook (200) and its displayText is what the resident "said".
      await page
        .getByTestId('webhook-log')
        .locator('li', { hasText: 'postback action=menu&item=faq' })
        .filter({ hasText: '200' })
        .waitFor();
      await page
        .getByTestId('msg-user')
        .filter({ hasText: t('en', 'richmenu:items.faq.label') })
        .waitFor();

      // The other tab: a richmenuswitch area; the emulator links the alias's menu, with its own image and areas.
      const mainMenu = await menuId(page);
      const mainImage = await page.locator('.richmenu-image').getAttribute('src');
      await menuArea(page, t('en', 'richmenu:tabs.mine')).click();
      await menuArea(page, t('en', 'richmenu:items.myReservations.label')).waitFor();
      expect(await menuId(page)).not.toBe(mainMenu);
      expect(await page.locator('.richmenu-image').getAttribute('src')).not.toBe(mainImage);
      expect(await menuArea(page, t('en', 'richmenu:items.faq.label')).count()).toBe(0);
      // The area of the new tab works, and the tab switch itself said nothing in the chat.
      await menuArea(page, t('en', 'richmenu:items.help.label')).click();
      await botMessage(page, t('en', 'help.text').split('\n')[0] ?? '').waitFor();
      await menuArea(page, t('en', 'richmenu:tabs.main')).click();
      await menuArea(page, t('en', 'richmenu:items.faq.label')).waitFor();
      expect(await menuId(page)).toBe(mainMenu);
      await page.close();
      expect(pageErrors).toEqual([]);
    });

    it.skipIf(!chromiumInstalled)('changes language through the menu and the language picker', async () => {
      const page = await openAsNewUser('Kim', 'en');
      const englishMenu = await menuId(page);
      await menuArea(page, t('en', 'richmenu:items.language.label')).click();
      const picker = botMessage(page, t('en', 'language.prompt'));
      await picker.waitFor();
      await picker.getByRole('button', { name: t('en', 'language.name.ja'), exact: true }).click();

      // The bot answers in Japanese and links the Japanese menu: new image, Japanese labels and chat-bar text.
      await botMessage(
        page,
        t('ja', 'language.changed', { language: t('ja', 'language.name.ja') }),
      ).waitFor();
      const faq = menuArea(page, t('ja', 'richmenu:items.faq.label'));
      await faq.waitFor();
      expect(await menuId(page)).not.toBe(englishMenu);
      expect(await page.getByTestId('chatbar-text').textContent()).toContain(t('ja', 'richmenu:chatBarText'));
      await faq.click();
      await botMessage(page, t('ja', 'faq:menu.title')).waitFor();
      await page.close();
      expect(pageErrors).toEqual([]);
    });

    it.skipIf(!chromiumInstalled)('shows a staff push live, without reloading the page', async () => {
      const page = await openAsNewUser('Rin', 'ja');
      await page.evaluate(() => {
        (globalThis as unknown as { notReloaded: boolean }).notReloaded = true;
      });
      const text =
        '【春日市】明日は資源ごみの日です。詳しくは https://www.city.kasuga.fukuoka.jp/ をご覧ください。';
      await page.getByTestId('push-text').fill(text);
      await page.getByTestId('push-send').click();
      const pushed = page.locator('[data-testid="msg-bot"][data-via="push"]');
      await pushed.waitFor();
      expect(await pushed.locator('.msg-text').textContent()).toBe(text);
      // Its URL is a link, as in LINE.
      expect(await pushed.locator('a').getAttribute('href')).toBe('https://www.city.kasuga.fukuoka.jp/');
      expect(
        await page.evaluate(() => (globalThis as unknown as { notReloaded?: boolean }).notReloaded),
      ).toBe(true);
      await page.close();
      expect(pageErrors).toEqual([]);
    });

    it.skipIf(!chromiumInstalled)(
      "sets the phone's LINE language, which the app's own words follow",
      async () => {
        const page = await openAsNewUser('Aoi', 'ja');
        await page.getByTestId('msg-notice').filter({ hasText: '春日市を友だち追加しました' }).waitFor();
        await page.getByTestId('phone-language').selectOption('en');
        await page.getByTestId('msg-notice').filter({ hasText: 'You added 春日市 as a friend' }).waitFor();
        expect(await page.locator('[data-testid="user"].current .user-tag').textContent()).toBe('English');
        const state = (await (await fetch(`${session.server.url}/simulator/api/state`)).json()) as {
          users: { displayName: string; language: string }[];
        };
        expect(state.users.find((user) => user.displayName === 'Aoi')?.language).toBe('en');
        await page.close();
        expect(pageErrors).toEqual([]);
      },
    );

    it.skipIf(!chromiumInstalled)(
      'sends text, a sticker, a location and a photo; unfollows and re-follows',
      async () => {
        const page = await openAsNewUser('Mio', 'en');
        await page.getByTestId('keyboard-button').click();
        await page.getByTestId('text-input').fill('hello');
        await page.getByTestId('text-input').press('Enter');
        await page.getByTestId('msg-user').filter({ hasText: 'hello' }).waitFor();
        await botMessage(page, t('en', 'faq:unknown.none')).waitFor();

        await page.getByTestId('sticker-button').click();
        await page.getByTestId('sticker-choice').first().click();
        await page.locator('[data-testid="msg-user"] .msg-sticker[data-sticker-id="1988"]').waitFor();
        await botMessage(page, t('en', 'fallback.sticker')).waitFor();

        // A named place from the map sheet.
        await page.getByTestId('plus-button').click();
        await page.getByTestId('plus-location').click();
        await page.getByTestId('location-map').locator('path').first().waitFor();
        const place = page.getByTestId('place').first();
        const placeName = (await place.locator('.place-name').textContent()) ?? '';
        await place.click();
        await page.getByTestId('location-share').click();
        await page.getByTestId('msg-user').filter({ hasText: placeName }).waitFor();

        // A point tapped on the map of Kasuga: its lon/lat lie inside the city boundary.
        await page.getByTestId('plus-button').click();
        await page.getByTestId('plus-location').click();
        const map = await page.getByTestId('location-map').boundingBox();
        if (!map) throw new Error('no map');
        await page.getByTestId('location-map').click({ position: { x: map.width / 2, y: map.height / 2 } });
        await page.getByTestId('location-share').click();
        await expect.poll(() => page.locator('[data-testid="msg-user"] .msg-location').count()).toBe(2);
        const pinned = await lastUserLocation(session.server.url, await currentUserId(page));
        expect(pinned.title).toBeUndefined();
        expect(insidePolygon(await cityBoundary(session.server.url), pinned.longitude, pinned.latitude)).toBe(
          true,
        );

        // A photo from the file picker: the emulator keeps its content and serves it back.
        await page
          .getByTestId('file-input')
          .setInputFiles({ name: 'road.png', mimeType: 'image/png', buffer: PNG_1X1 });
        const photo = page.locator('[data-testid="msg-user"] .msg-image img');
        await photo.waitFor();
        await expect.poll(() => photo.evaluate((img) => (img as PageImage).naturalWidth)).toBe(1);

        await page.getByTestId('follow-toggle').click();
        await page.getByTestId('blocked-bar').waitFor();
        await page.getByTestId('unblock').click();
        await page.getByTestId('blocked-bar').waitFor({ state: 'hidden' });
        // Re-following greets again.
        await expect
          .poll(() => botMessage(page, t('en', 'welcome.title', { name: 'Mio' })).count(), {
            timeout: 10_000,
          })
          .toBe(2);
        await page.close();
        expect(pageErrors).toEqual([]);
      },
    );
  },
);
