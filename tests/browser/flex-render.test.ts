// The simulator's Flex renderer in Chromium: LINE's sizes, spacing, margins, flex ratios, colours and actions,
// measured on the drawn page, and untrusted text kept as text.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CAFE_BUBBLE, KITCHEN_SINK, SIZES_BUBBLE, XSS_TEXT } from './fixtures/kitchen-sink-flex.ts';
import {
  chromiumInstalled,
  launchChromium,
  NO_CHROMIUM_MESSAGE,
  type TestBrowser,
} from './helpers/chromium.ts';
import {
  box,
  FLEX_TEST_PAGE,
  type Recorded,
  renderOnPage as renderPage,
  textComponent,
} from './helpers/flex-page.ts';
import { css } from './helpers/page-globals.ts';
import { type StaticServer, serveSimulatorAssets } from './helpers/static-server.ts';

let assets: StaticServer;
let browser: TestBrowser;

beforeAll(async () => {
  if (!chromiumInstalled) return;
  assets = await serveSimulatorAssets(FLEX_TEST_PAGE);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await assets?.close();
});

const renderOnPage = (flex: unknown) => renderPage(browser.context, assets.url, flex);

describe(
  chromiumInstalled ? 'Flex renderer in Chromium' : `Flex renderer in Chromium (${NO_CHROMIUM_MESSAGE})`,
  () => {
    it.skipIf(!chromiumInstalled)(
      'draws a carousel with LINE sizes, spacing, flex ratios and colours',
      async () => {
        const page = await renderOnPage(KITCHEN_SINK);
        await mkdir('test-artifacts', { recursive: true });
        await page
          .locator('#root')
          .screenshot({ path: path.join('test-artifacts', 'flex-kitchen-sink.png') });

        // Carousel: bubbles side by side, scrolling sideways, as tall as the tallest, each at its size's width.
        const bubbles = page.getByTestId('flex-bubble');
        expect(await bubbles.count()).toBe(3);
        const carousel = page.getByTestId('flex-carousel');
        expect(await carousel.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
        const heights = await Promise.all([0, 1, 2].map(async (i) => (await box(bubbles.nth(i))).height));
        expect(new Set(heights).size).toBe(1);
        const items = page.locator('.fx-carousel-item');
        expect(await css(items.nth(0), 'max-width')).toBe('300px');
        expect(await css(items.nth(1), 'max-width')).toBe('260px');
        expect(await css(items.nth(2), 'max-width')).toBe('120px');
        expect(await css(bubbles.nth(0), 'border-top-left-radius')).toBe('17px');
        expect(await css(bubbles.nth(1), 'border-top-left-radius')).toBe('10px');

        // Hero: full width at 20:13, cropped to cover, a link for its uri action.
        const hero = page.locator('.fx-hero .fx-image-frame');
        const heroBox = await box(hero);
        expect(heroBox.width).toBeCloseTo((await box(bubbles.nth(0))).width, 0);
        expect(heroBox.height).toBeCloseTo((heroBox.width * 13) / 20, 0);
        expect(await hero.getAttribute('href')).toBe('https://example.com/hero');
        expect(await hero.getAttribute('target')).toBe('_blank');
        expect(await css(hero.locator('img'), 'object-fit')).toBe('cover');

        // Body of a mega bubble with a footer: 19px 20px 10px.
        const cafeBody = page.locator('.fx-body > .fx-box').first();
        expect(await css(cafeBody, 'padding')).toBe('19px 20px 10px');
        expect(await css(page.locator('.fx-footer > .fx-box').first(), 'padding')).toBe('10px');
        const title = textComponent(page, 'Brown Cafe').locator('p');
        expect(await css(title, 'font-size')).toBe('22px');
        expect(await css(title, 'font-weight')).toBe('700');

        // Baseline box: icons 1em of their size, the rating after a md margin.
        const icons = page.locator('.fx-icon img');
        expect(await icons.count()).toBe(4);
        expect((await box(icons.first())).height).toBeCloseTo(14, 0);
        expect(await css(textComponent(page, '4.0'), 'margin-left')).toBe('8px');
        // flex 1 : 5 with sm spacing between them.
        const label = await box(textComponent(page, 'Place'));
        const value = await box(textComponent(page, '春日市原町3-1-5'));
        expect(value.width / label.width).toBeCloseTo(5, 1);
        expect(value.x - (label.x + label.width)).toBeCloseTo(4, 0);

        // Buttons: link (a tel: link), secondary and primary, sm 40px and md 52px, separated by sm spacing.
        const call = page.getByRole('link', { name: 'CALL' });
        expect(await call.getAttribute('href')).toBe('tel:0925840000');
        expect(await css(call, 'color')).toBe('rgb(66, 101, 154)');
        expect(await css(call, 'height')).toBe('40px');
        const website = page.getByRole('button', { name: 'WEBSITE' });
        expect(await css(website, 'background-color')).toBe('rgb(220, 223, 229)');
        expect(await css(website, 'height')).toBe('40px');
        expect(await css(page.locator('.fx-button').nth(1), 'margin-top')).toBe('4px');
        const pick = page.getByRole('button', { name: 'Pick a date' });
        expect(await css(pick, 'background-color')).toBe('rgb(23, 201, 80)');
        expect(await css(pick, 'color')).toBe('rgb(255, 255, 255)');
        expect(await css(pick, 'height')).toBe('52px');

        // Layout bubble: gradient header, flex 1 : 2, a coloured separator after an xl margin.
        expect(await css(page.locator('.fx-header > .fx-box'), 'background-image')).toContain(
          'linear-gradient',
        );
        const one = await box(page.locator('.fx-box', { has: textComponent(page, 'one') }).last());
        const two = await box(page.locator('.fx-box', { has: textComponent(page, 'two') }).last());
        expect(two.width / one.width).toBeCloseTo(2, 1);
        const separator = page.locator('.fx-separator');
        expect(await css(separator, 'border-top-color')).toBe('rgb(255, 0, 255)');
        expect(await css(separator, 'margin-top')).toBe('16px');

        // Spans keep their own colour, size and decoration.
        const spans = page.locator('.fx-text-line span');
        expect(await spans.allTextContents()).toEqual(['Red ', 'big', ' struck']);
        expect(await css(spans.nth(0), 'color')).toBe('rgb(255, 0, 0)');
        expect(await css(spans.nth(0), 'font-weight')).toBe('700');
        expect(await css(spans.nth(1), 'font-size')).toBe('29px');
        expect(await css(spans.nth(2), 'text-decoration-line')).toBe('line-through');

        // maxLines 2 cuts the text at two lines; unwrapped text stays on one line with an ellipsis.
        const clamped = page.locator('.fx-text-line', { hasText: 'This long text wraps' });
        expect(await css(clamped, '-webkit-line-clamp')).toBe('2');
        const lineHeight = Number.parseFloat(await css(clamped, 'line-height'));
        expect((await box(clamped)).height).toBeLessThanOrEqual(2 * lineHeight + 1);
        const unwrapped = page.locator('.fx-text-line', { hasText: 'This unwrapped text' });
        expect(await css(unwrapped, 'white-space')).toBe('nowrap');
        expect(await css(unwrapped, 'text-overflow')).toBe('ellipsis');
        expect(await unwrapped.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);

        // Text that looks like HTML is shown as it is and never becomes markup.
        expect(await page.locator('.fx-text-line', { hasText: 'onerror' }).textContent()).toBe(XSS_TEXT);
        expect(await page.locator('img[src="x"]').count()).toBe(0);
        expect(await page.evaluate(() => (globalThis as unknown as Recorded).__xss)).toBeUndefined();

        // Box spacing md between children; a child's margin replaces it.
        expect(await css(textComponent(page, 's1'), 'margin-top')).toBe('0px');
        expect(await css(textComponent(page, 's2'), 'margin-top')).toBe('8px');
        expect(await css(textComponent(page, 's3'), 'margin-top')).toBe('20px');

        // Padding keywords and px, corner radius, border width keyword.
        const padded = page.locator('.fx-box', { has: textComponent(page, 'padded') }).last();
        expect(await css(padded, 'padding')).toBe('5px 12px 12px');
        expect(await css(padded, 'border-top-width')).toBe('2px');
        expect(await css(padded, 'border-top-color')).toBe('rgb(0, 0, 255)');
        expect(await css(padded, 'border-top-left-radius')).toBe('8px');
        expect(await css(padded.locator('p'), 'text-align')).toBe('center');

        // An absolute box sits at its offsets from the parent box's corner.
        const badge = page.locator('.fx-box', { has: textComponent(page, 'NEW') }).last();
        expect(await css(badge, 'position')).toBe('absolute');
        const body = await box(page.locator('.fx-body > .fx-box').nth(1));
        const badgeBox = await box(badge);
        expect(badgeBox.y - body.y).toBeCloseTo(8, 0);
        expect(body.x + body.width - (badgeBox.x + badgeBox.width)).toBeCloseTo(12, 0);

        // Every size keyword, and a nano bubble's 10px padding.
        const sizes = {
          xxs: 11,
          xs: 13,
          sm: 14,
          md: 16,
          lg: 19,
          xl: 22,
          xxl: 29,
          '3xl': 35,
          '4xl': 48,
          '5xl': 74,
        };
        for (const [size, px] of Object.entries(sizes)) {
          expect(await css(textComponent(page, `size-${size}`).locator('p'), 'font-size')).toBe(`${px}px`);
        }
        expect(await css(page.locator('.fx-body > .fx-box').nth(2), 'padding')).toBe('10px');
        await page.close();
      },
    );

    it.skipIf(!chromiumInstalled)(
      'runs postback and datetimepicker actions with a real date input',
      async () => {
        const page = await renderOnPage(CAFE_BUBBLE);
        await page.getByRole('button', { name: 'WEBSITE' }).click();
        await page.getByRole('button', { name: 'Pick a date' }).click();
        const input = page.getByTestId('datetime-input');
        expect(await input.getAttribute('type')).toBe('date');
        expect(await input.inputValue()).toBe('2025-01-10');
        expect(await input.getAttribute('min')).toBe('2025-01-01');
        expect(await input.getAttribute('max')).toBe('2025-12-31');
        await input.fill('2025-03-04');
        await page.getByTestId('datetime-ok').click();
        await page.waitForFunction(() => (globalThis as unknown as Recorded).sent.length === 2);
        expect(await page.evaluate(() => (globalThis as unknown as Recorded).sent)).toEqual([
          { type: 'postback', data: 'action=site', displayText: 'Website' },
          { type: 'postback', data: 'action=pick', params: { date: '2025-03-04' } },
        ]);
        await page.close();
      },
    );

    it.skipIf(!chromiumInstalled)('shows quick replies and sends what they say', async () => {
      const page = await renderOnPage(SIZES_BUBBLE);
      await page.evaluate(() => {
        const recorded = globalThis as unknown as Recorded;
        const { renderQuickReplies, createActionRunner, pickDatetime } = recorded.modules;
        const run = createActionRunner({
          send: async (event: unknown) => recorded.sent.push(event),
          pickDatetime: (action: unknown) =>
            pickDatetime(recorded.document.getElementById('dialogs'), action),
        });
        const item = {
          id: '1',
          at: new Date().toISOString(),
          from: 'bot',
          message: {
            type: 'text',
            text: 'Which time?',
            quickReply: {
              items: [
                { type: 'action', action: { type: 'message', label: 'Now', text: 'Now please' } },
                {
                  type: 'action',
                  action: { type: 'datetimepicker', label: 'Pick', data: 'when', mode: 'time' },
                },
              ],
            },
          },
        };
        renderQuickReplies(recorded.document.getElementById('quick'), item, run);
      });
      const chips = page.getByTestId('quick-reply');
      expect(await chips.allTextContents()).toEqual(['Now', 'Pick']);
      await chips.nth(0).click();
      await chips.nth(1).click();
      const input = page.getByTestId('datetime-input');
      expect(await input.getAttribute('type')).toBe('time');
      await input.fill('09:30');
      await page.getByTestId('datetime-ok').click();
      await page.waitForFunction(() => (globalThis as unknown as Recorded).sent.length === 2);
      expect(await page.evaluate(() => (globalThis as unknown as Recorded).sent)).toEqual([
        { type: 'text', text: 'Now please' },
        { type: 'postback', data: 'when', params: { time: '09:30' } },
      ]);
      await page.close();
    });
  },
);
