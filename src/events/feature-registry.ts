// What the app's features answer, held by the app instance (never module-global, so two apps in one process do
// not share it): rich-menu entries, stateless feature postbacks, and the entries of features switched off.
import type { HandlerContext } from './handler-context.ts';
import type { MenuItem } from './postback-data.ts';

export type MenuItemHandler = (ctx: HandlerContext) => Promise<void>;
export type FeaturePostbackHandler = (ctx: HandlerContext, fields: Record<string, string>) => Promise<void>;

export class FeatureRegistry {
  private readonly menu = new Map<MenuItem, MenuItemHandler>();
  private readonly postbacks = new Map<string, FeaturePostbackHandler>();
  /** Menu entry → the feature switched off by configuration that owns it. */
  private readonly disabled = new Map<MenuItem, string>();

  addMenuItem(item: MenuItem, handler: MenuItemHandler): void {
    if (this.menu.has(item)) throw new Error(`menu entry ${item} is answered by two features`);
    this.menu.set(item, handler);
  }

  addPostback(feature: string, handler: FeaturePostbackHandler): void {
    if (this.postbacks.has(feature)) throw new Error(`feature postbacks ${feature} are registered twice`);
    this.postbacks.set(feature, handler);
  }

  disableMenuItem(item: MenuItem, feature: string): void {
    this.disabled.set(item, feature);
  }

  menuItem(item: MenuItem): MenuItemHandler | undefined {
    return this.menu.get(item);
  }

  /** The feature that owns `item` when the city switched it off. */
  disabledFeatureOf(item: MenuItem): string | undefined {
    return this.disabled.get(item);
  }

  postback(feature: string): FeaturePostbackHandler | undefined {
    return this.postbacks.get(feature);
  }
}
