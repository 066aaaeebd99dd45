// Browser globals for page.evaluate callbacks, typed here because the project compiles without the DOM lib
// (it is a server): callbacks reach them as `globalThis as unknown as PageWindow`.
import type { Locator } from 'playwright-core';

export interface PageElement {
  append(...nodes: unknown[]): void;
  textContent: string | null;
  scrollWidth: number;
  clientWidth: number;
}

export interface PageImage extends PageElement {
  naturalWidth: number;
}

export interface PageWindow {
  document: {
    getElementById(id: string): PageElement | null;
    querySelector(selector: string): PageElement | null;
  };
  getComputedStyle(element: unknown): { getPropertyValue(name: string): string };
}

/** The computed value of a CSS property of the element. */
export function css(locator: Locator, property: string): Promise<string> {
  return locator.evaluate(
    (el, name) => (globalThis as unknown as PageWindow).getComputedStyle(el).getPropertyValue(name),
    property,
  );
}
