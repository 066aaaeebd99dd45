// 子育て情報 in the /simulator page in headless Chromium against the real server in local mode: a parent opens
// 子育て情報 and every topic's items, chooses お子さまの登録, agrees to the consent, types a nickname, picks the birth
// date in the date picker, skips the district, registers, and finds the child with its age in 登録したお子さま.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatAge } from '../../src/features/childcare/children/format.ts';
import { CONSENT_VERSION } from '../../src/features/childcare/children/index.ts';
import { addMonths, cityDate } from '../../src/features/childcare/dates.ts';
import { loadChildcareContent } from '../../src/features/childcare/index.ts';
import { t } from '../../src/i18n/index.ts';
import { chromiumInstalled, NO_CHROMIUM_MESSAGE } from './helpers/chromium.ts';
import { botMessage, createUser, menuArea, openSimulator } from './helpers/simulator-page.ts';
import { useSimulatorSession } from './helpers/simulator-session.ts';

const library = loadChildcareContent();
const ARTIFACTS = path.resolve('test-artifacts');
const session = useSimulatorSession();
const pageErrors: string[] = [];

const c = (key: string, vars?: Record<string, string | number>) => t('ja', `childcareChildren:${key}`, vars);

describe(
  chromiumInstalled
    ? '子育て情報 children in the simulator (Chromium)'
    : `子育て情報 children in the simulator (Chromium) (${NO_CHROMIUM_MESSAGE})`,
  () => {
    it.skipIf(!chromiumInstalled)(
      'registers a child with the date picker and sees it in 登録したお子さま',
      async () => {
        const page = await openSimulator(session.browser.context, session.server.url, pageErrors);
        await createUser(page, '春日 花子', 'ja');
        const quickReply = (label: string) =>
          page.getByTestId('quick-reply').filter({ hasText: label }).first();

        // 子育て情報 shows the topics; every topic's button opens its items (hours and the city's number).
        await menuArea(page, t('ja', 'richmenu:items.childcare.label')).click();
        await page.getByTestId('flex-bubble').first().waitFor();
        // The carousel is the message with the topics' summaries (a locator is lazy: `.last()` would move on).
        const topicsMessage = page
          .getByTestId('msg-bot')
          .filter({ hasText: library.ja.topics[0]?.summary ?? '' })
          .first();
        for (const topic of library.ja.topics) {
          const bubble = topicsMessage.getByTestId('flex-bubble').filter({ hasText: topic.title });
          await bubble.getByRole('button', { name: t('ja', 'childcare:topic.open'), exact: true }).click();
          const item = topic.items[0];
          await botMessage(page, item?.title ?? '')
            .filter({ hasText: item?.hours ?? '' })
            .first()
            .waitFor();
        }
        // Back to the topics message, whose quick replies are the children's entries.
        await menuArea(page, t('ja', 'richmenu:items.childcare.label')).click();
        await page.getByTestId('quick-reply').first().waitFor();
        await quickReply(c('entry.register')).click();

        // The consent card, then the nickname typed on the keyboard.
        const consent = botMessage(page, c(`consent.versions.${CONSENT_VERSION}.title`));
        await consent.waitFor();
        expect(await consent.textContent()).toContain(c(`consent.versions.${CONSENT_VERSION}.staff`));
        await consent.getByRole('button', { name: c('consent.agree'), exact: true }).click();
        await botMessage(page, c('register.nickname', { max: 20 })).waitFor();
        if (!(await page.getByTestId('text-input').isVisible()))
          await page.getByTestId('keyboard-button').click();
        await page.getByTestId('text-input').fill('はなちゃん');
        await page.getByTestId('text-input').press('Enter');

        // The date picker opens limited to the last 18 years; a date 14 months back is chosen.
        const today = cityDate(new Date());
        const birthDate = addMonths(today, -14);
        const birth = botMessage(page, c('register.birthPrompt', { name: 'はなちゃん' }));
        await birth.waitFor();
        await birth.getByRole('button', { name: c('register.pickDate'), exact: true }).click();
        const input = page.getByTestId('datetime-input');
        expect(await input.getAttribute('type')).toBe('date');
        expect(await input.getAttribute('max')).toBe(today);
        expect(await input.getAttribute('min')).toBe(addMonths(today, -216));
        await input.fill(birthDate);
        await page.getByTestId('datetime-ok').click();

        // The district once (not answered), the confirmation, then registered.
        await botMessage(page, c('district.prompt')).waitFor();
        await quickReply(c('district.none')).click();
        const confirm = botMessage(page, c('confirm.title'));
        await confirm.waitFor();
        const age = formatAge('ja', birthDate, today);
        expect(await confirm.textContent()).toContain(age);
        await confirm.getByRole('button', { name: c('confirm.save'), exact: true }).click();
        await botMessage(page, '「はなちゃん」（').waitFor();

        // 登録したお子さま: the child's bubble with the age, and the bubble to manage the registration.
        await quickReply(c('entry.list')).click();
        await page
          .getByTestId('flex-bubble')
          .filter({ hasText: c('list.count', { count: 1, max: 10 }) })
          .waitFor();
        const child = page
          .getByTestId('flex-bubble')
          .filter({ hasText: 'はなちゃん' })
          .filter({ hasText: c('list.rename') });
        expect(await child.count()).toBe(1);
        expect(await child.textContent()).toContain(age);
        // Kept for a look by eye (test-artifacts/ is not committed).
        await mkdir(ARTIFACTS, { recursive: true });
        await page.screenshot({ path: path.join(ARTIFACTS, 'simulator-childcare.png') });
        await page.close();
        expect(pageErrors).toEqual([]);
      },
    );
  },
);
