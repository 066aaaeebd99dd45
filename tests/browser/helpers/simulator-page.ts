// Driving /simulator like a tester: open it, create a user, find messages and rich-menu areas, read the
// server's view of what the page sent.
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { type Language, t } from '../../../src/i18n/index.ts';
import { collectCspViolations, provideJapaneseFont } from './chromium.ts';

/** Opens the page; uncaught page errors and Content-Security-Policy violations are collected into `errors`. */
export async function openSimulator(context: BrowserContext, url: string, errors: string[]): Promise<Page> {
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  page.on('pageerror', (error) => errors.push(error.message));
  await collectCspViolations(page, errors);
  await provideJapaneseFont(page);
  await page.goto(`${url}/simulator`);
  await page.locator('body[data-ready="true"]').waitFor();
  return page;
}

/** Creates a user from the panel and waits for the bot's greeting and the user's menu. */
export async function createUser(page: Page, displayName: string, language: Language): Promise<void> {
  await page.getByTestId('new-user-name').fill(displayName);
  await page.getByTestId('new-user-language').selectOption(language);
  await page.getByTestId('create-user').click();
  await botMessage(page, t(language, 'welcome.title', { name: displayName })).waitFor();
  // Following links the menu of the user's language; the page shows it once the bot has answered.
  await menuArea(page, t(language, 'richmenu:items.faq.label')).waitFor();
}

export function botMessage(page: Page, text: string): Locator {
  return page.getByTestId('msg-bot').filter({ hasText: text });
}

export function menuArea(page: Page, label: string): Locator {
  return page.getByTestId('richmenu').getByRole('button', { name: label, exact: true });
}

/** The texts and button labels a rendered Flex bubble shows, in order. */
export function renderedTexts(bubble: Locator): Promise<string[]> {
  return bubble.locator('.fx-text-line, .fx-btn-label').allTextContents();
}

export function menuId(page: Page): Promise<string | null> {
  return page.getByTestId('richmenu').getAttribute('data-richmenu-id');
}

export async function currentUserId(page: Page): Promise<string> {
  return (await page.locator('[data-testid="user"].current').getAttribute('data-user-id')) ?? '';
}

export interface SharedLocation {
  latitude: number;
  longitude: number;
  title?: string;
}

/** The last location the user sent, from the server's transcript. */
export async function lastUserLocation(url: string, userId: string): Promise<SharedLocation> {
  const response = await fetch(`${url}/simulator/api/users/${userId}/transcript`);
  const { items } = (await response.json()) as { items: { from: string; message: { type: string } }[] };
  const last = items.filter((item) => item.from === 'user' && item.message.type === 'location').at(-1);
  if (!last) throw new Error('no location in the transcript');
  return last.message as unknown as SharedLocation;
}

/** The outer ring of the city boundary the page draws. */
export async function cityBoundary(url: string): Promise<number[][]> {
  const response = await fetch(`${url}/simulator/api/state`);
  const { boundary } = (await response.json()) as { boundary: { coordinates: number[][][] } };
  return boundary.coordinates[0] ?? [];
}

export function insidePolygon(ring: number[][], lon: number, lat: number): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi = 0, yi = 0] = ring[i] ?? [];
    const [xj = 0, yj = 0] = ring[j] ?? [];
    if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** A 1×1 PNG, as a photo to send. */
export const PNG_1X1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
