// Headless Chromium for the browser tests: Debian's `chromium` package driven by playwright-core (the machine
// downloads no browsers), a fresh profile per launch, and a Japanese font the bare machine lacks.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { fontPath } from '../../../src/line/richmenu/font.ts';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const chromiumInstalled = existsSync(CHROMIUM_PATH);
export const NO_CHROMIUM_MESSAGE =
  `skipped: no Chromium at ${CHROMIUM_PATH} — install Debian's "chromium" package ` +
  '(apt-get install -y chromium) to run the browser tests';

if (!chromiumInstalled) console.warn(`Browser tests ${NO_CHROMIUM_MESSAGE}`);

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface TestBrowser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** A browser with a profile of its own (playwright passes it as --user-data-dir), removed on close. */
export async function launchChromium(): Promise<TestBrowser> {
  const userDataDir = await mkdtemp(path.join(tmpdir(), 'lcp-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: ARGS,
      viewport: { width: 1000, height: 900 },
      timezoneId: 'Asia/Tokyo',
      locale: 'ja-JP',
    });
  } catch (error) {
    await rm(userDataDir, { recursive: true, force: true });
    throw error;
  }
  return {
    context,
    async close() {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

const FONT_URL = '/__test-fonts__/';

/**
 * Phones have Japanese fonts and this machine has none: serve the project's own BIZ UDPGothic to the page, so
 * screenshots show Japanese text rather than empty boxes. Call before navigating. The fonts and their style
 * sheet come from the page's own origin (routed here), so the server's Content-Security-Policy allows them.
 */
export async function provideJapaneseFont(page: Page): Promise<void> {
  const css =
    `@font-face{font-family:"BIZ UDPGothic";src:url(${FONT_URL}regular.ttf);font-weight:400}` +
    `@font-face{font-family:"BIZ UDPGothic";src:url(${FONT_URL}bold.ttf);font-weight:700}`;
  await page.route(`**${FONT_URL}regular.ttf`, (route) => route.fulfill({ path: fontPath('regular') }));
  await page.route(`**${FONT_URL}bold.ttf`, (route) => route.fulfill({ path: fontPath('bold') }));
  await page.route(`**${FONT_URL}fonts.css`, (route) =>
    route.fulfill({ contentType: 'text/css; charset=utf-8', body: css }),
  );
  await page.addInitScript({
    content: `document.addEventListener('DOMContentLoaded', () => {
      const link = document.createElement('link');
      link.rel = 'stylesheet';
      link.href = ${JSON.stringify(`${FONT_URL}fonts.css`)};
      document.head.append(link);
    });`,
  });
}

/**
 * Reports every Content-Security-Policy violation of the page into `errors` (as uncaught page errors are), so a
 * test fails when the server's policy blocks something the page needs.
 */
export async function collectCspViolations(page: Page, errors: string[]): Promise<void> {
  await page.exposeFunction('__reportCspViolation', (text: string) => {
    errors.push(text);
  });
  await page.addInitScript({
    content: `document.addEventListener('securitypolicyviolation', (event) => {
      window.__reportCspViolation('CSP blocked ' + event.effectiveDirective + ': ' + event.blockedURI);
    });`,
  });
}
