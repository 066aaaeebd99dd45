// What the app's features answer, held by the app instance (never module-global, so two apps in one process do
// not share it): rich-menu entries, stateless feature postbacks, and the entries of features switched off.
import type { messagingApi } from '@line/bot-sdk';
import type { HandlerContext } from './handler-context.ts';
import type { IncomingMessage } from './incoming.ts';
import type { MenuItem } from './postback-data.ts';

export type MenuItemHandler = (ctx: HandlerContext) => Promise<void>;
export type FeaturePostbackHandler = (ctx: HandlerContext, fields: Record<string, string>) => Promise<void>;
/** A message sent outside any conversation that a feature can do something with. */
export type UnsolicitedMessage = Extract<IncomingMessage, { type: 'image' | 'location' }>;
/** Buttons (postbacks of the feature) offering what it can do with such a message; none when nothing. */
export type OfferBuilder = (
  ctx: HandlerContext,
  message: UnsolicitedMessage,
) => messagingApi.QuickReplyItem[] | Promise<messagingApi.QuickReplyItem[]>;

/** Answers a text typed outside any conversation; false when it has nothing to say (the next one is asked). */
export type FreeTextHandler = (ctx: HandlerContext, text: string) => Promise<boolean>;

export class FeatureRegistry {
  private readonly menu = new Map<MenuItem, MenuItemHandler>();
  private readonly postbacks = new Map<string, FeaturePostbackHandler>();
  /** Menu entry → the feature switched off by configuration that owns it. */
  private readonly disabled = new Map<MenuItem, string>();
  private readonly offers: OfferBuilder[] = [];
  private readonly freeTexts: FreeTextHandler[] = [];

  addMenuItem(item: MenuItem, handler: MenuItemHandler): void {
    if (this.menu.has(item)) throw new Error(`menu entry ${item} is answered by two features`);
    this.menu.set(item, handler);
  }

  addPostback(feature: string, handler: FeaturePostbackHandler): void {
    if (this.postbacks.has(feature)) throw new Error(`feature postbacks ${feature} are registered twice`);
    this.postbacks.set(feature, handler);
  }

  addOffer(builder: OfferBuilder): void {
    this.offers.push(builder);
  }

  /** Every feature's offer for a photo or a place sent outside a conversation, in the features' order. */
  async offersFor(ctx: HandlerContext, message: UnsolicitedMessage): Promise<messagingApi.QuickReplyItem[]> {
    const all: messagingApi.QuickReplyItem[] = [];
    for (const offer of this.offers) all.push(...(await offer(ctx, message)));
    return all;
  }

  addFreeText(handler: FreeTextHandler): void {
    this.freeTexts.push(handler);
  }

  /** Asks the features, in order, to answer a typed text; false when none did. */
  async answerText(ctx: HandlerContext, text: string): Promise<boolean> {
    for (const handler of this.freeTexts) if (await handler(ctx, text)) return true;
    return false;
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
