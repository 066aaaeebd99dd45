// 損傷報告 in the /simulator page in headless Chromium against the real server in local mode: a resident opens
// the menu entry, picks a category, sends a photo and a named place, skips the comment, submits, gets the
// report number and finds the report under わたしの報告.
import { describe, expect, it } from 'vitest';
import { t } from '../../src/i18n/index.ts';
import { FIXTURES, fixture } from '../fixtures/photos/inspect.ts';
import { chromiumInstalled, NO_CHROMIUM_MESSAGE } from './helpers/chromium.ts';
import { botMessage, createUser, menuArea, openSimulator } from './helpers/simulator-page.ts';
import { useSimulatorSession } from './helpers/simulator-session.ts';

const session = useSimulatorSession();
const pageErrors: string[] = [];

const r = (key: string, vars?: Record<string, string | number>) => t('ja', `reports:${key}`, vars);

describe(
  chromiumInstalled
    ? '損傷報告 in the simulator (Chromium)'
    : `損傷報告 in the simulator (Chromium) (${NO_CHROMIUM_MESSAGE})`,
  () => {
    it.skipIf(!chromiumInstalled)(
      'files a report with a photo and a named place, then finds it under わたしの報告',
      async () => {
        const page = await openSimulator(session.browser.context, session.server.url, pageErrors);
        await createUser(page, '春日 花子', 'ja');
        const quickReply = (label: string) =>
          page.getByTestId('quick-reply').filter({ hasText: label }).first();

        // The menu entry shows the categories; choose 道路の穴・段差.
        await menuArea(page, t('ja', 'richmenu:items.reports.label')).click();
        const road = page.getByTestId('flex-bubble').filter({ hasText: '道路の穴・段差' }).first();
        await road.getByRole('button', { name: r('category.choose'), exact: true }).click();
        await botMessage(page, r('photos.prompt', { category: '道路の穴・段差' })).waitFor();

        // A photo from the file picker (a JPEG with GPS in its EXIF): the server fetches it from the emulator.
        await page.getByTestId('file-input').setInputFiles({
          name: 'road.jpg',
          mimeType: 'image/jpeg',
          buffer: fixture(FIXTURES.gpsLandscape),
        });
        await botMessage(page, r('photos.received', { count: 1, max: 3 })).waitFor();
        await quickReply(r('photos.done')).click();

        // The place: the quick reply opens the map sheet; a named place is shared.
        await botMessage(page, r('location.prompt')).waitFor();
        await quickReply(r('location.send')).click();
        const place = page.getByTestId('place').first();
        const placeName = (await place.locator('.place-name').textContent()) ?? '';
        await place.click();
        await page.getByTestId('location-share').click();
        await page.getByTestId('msg-user').filter({ hasText: placeName }).waitFor();

        // No comment; the confirmation card, then the number.
        // The prompt carries the chosen category's example since issue 11; its first words are the same for all.
        await botMessage(page, r('comment.prompt').split('。')[0] as string).waitFor();
        await quickReply(r('comment.skip')).click();
        const confirm = botMessage(page, r('confirm.title'));
        await confirm.waitFor();
        expect(await confirm.textContent()).toContain('道路の穴・段差');
        expect(await confirm.textContent()).toContain(r('confirm.photoCount', { count: 1 }));
        await confirm.getByRole('button', { name: r('confirm.submit'), exact: true }).click();
        const done = botMessage(page, '報告を受け付けました');
        await done.waitFor();
        const number = /R\d+/.exec((await done.textContent()) ?? '')?.[0];
        expect(number).toMatch(/^R\d{6}$/);

        // わたしの報告 (on the other tab) lists it; sharing the place left the keyboard up, so bring the menu back.
        await page.getByTestId('menu-button').click();
        await menuArea(page, t('ja', 'richmenu:tabs.mine')).click();
        await menuArea(page, t('ja', 'richmenu:items.myReports.label')).click();
        // The list's line: number, category and its status (the done message also names わたしの報告).
        const line = `${number} 道路の穴・段差：`;
        const mine = botMessage(page, line);
        await mine.waitFor();
        expect(await mine.locator('.msg-text').textContent()).toMatch(
          new RegExp(`^${r('mine.title')}\\n${line}\\S+$`),
        );
        await page.close();
        expect(pageErrors).toEqual([]);
      },
    );
  },
);
