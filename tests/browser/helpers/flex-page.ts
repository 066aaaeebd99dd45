// A test page for the simulator's Flex renderer and actions: the page's own modules on a bare page, with the
// real action runner recording the events it would send.
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { provideJapaneseFont } from './chromium.ts';
import type { PageElement, PageWindow } from './page-globals.ts';

export const FLEX_TEST_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8">
<link rel="stylesheet" href="/simulator.css"><link rel="stylesheet" href="/chat.css"><link rel="stylesheet" href="/flex.css">
</head><body style="background:#8cabd8">
<div id="root" style="width:370px;padding:10px"></div>
<div id="quick" class="quick-replies"></div>
<div id="dialogs" style="position:relative;width:370px;height:260px"></div>
<script type="module">
import { renderFlex } from '/flex-render.js';
import { createActionRunner } from '/actions.js';
import { pickDatetime } from '/datetime-dialog.js';
import { renderQuickReplies } from '/quick-replies.js';
window.modules = { renderFlex, createActionRunner, pickDatetime, renderQuickReplies };
</script>
</body></html>`;

/** The page's modules, loaded by the test page itself (vitest would rewrite an import() inside evaluate). */
export interface PageModules {
  renderFlex(contents: unknown, options: { onAction(action: unknown): unknown }): unknown;
  createActionRunner(deps: Record<string, unknown>): (action: unknown) => Promise<void>;
  pickDatetime(host: PageElement | null, action: unknown): Promise<unknown>;
  renderQuickReplies(host: PageElement | null, item: unknown, onAction: (action: unknown) => unknown): void;
}

export interface Recorded extends PageWindow {
  modules: PageModules;
  actions: unknown[];
  sent: unknown[];
  __xss?: number;
}

/** Opens the test page and renders `flex` with the page's real action runner; events land in window.sent. */
export async function renderOnPage(context: BrowserContext, url: string, flex: unknown): Promise<Page> {
  const page = await context.newPage();
  page.setDefaultTimeout(5_000);
  await provideJapaneseFont(page);
  await page.goto(url);
  await page.waitForFunction(() => Boolean((globalThis as unknown as Partial<Recorded>).modules));
  await page.evaluate((contents) => {
    const recorded = globalThis as unknown as Recorded;
    const { renderFlex, createActionRunner, pickDatetime } = recorded.modules;
    recorded.actions = [];
    recorded.sent = [];
    const run = createActionRunner({
      send: async (event: unknown) => recorded.sent.push(event),
      pickDatetime: (action: unknown) => pickDatetime(recorded.document.getElementById('dialogs'), action),
      switchMenu: async () => undefined,
      pickImage: () => undefined,
      pickLocation: () => undefined,
      inputOption: () => undefined,
      notify: () => undefined,
    });
    const onAction = (action: unknown) => {
      recorded.actions.push(action);
      return run(action);
    };
    recorded.document.getElementById('root')?.append(renderFlex(contents, { onAction }));
  }, flex);
  return page;
}

export async function box(
  locator: Locator,
): Promise<{ x: number; y: number; width: number; height: number }> {
  const rect = await locator.boundingBox();
  if (!rect) throw new Error('element is not visible');
  return rect;
}

/** The component element of the text `text` (its wrapper, which carries margins and flex). */
export function textComponent(page: Page, text: string): Locator {
  return page.locator('.fx-text', {
    has: page.locator('.fx-text-line', { hasText: new RegExp(`^${text}$`) }),
  });
}
