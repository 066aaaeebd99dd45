// Features whose buttons need no conversation state (content menus) register their postback handler here.
import type { HandlerContext } from './handler-context.ts';

export type FeaturePostbackHandler = (ctx: HandlerContext, fields: Record<string, string>) => Promise<void>;

const handlers = new Map<string, FeaturePostbackHandler>();

/** `action=feature&feature=<name>&…` postbacks go to this handler; registering again replaces it. */
export function registerFeaturePostback(name: string, handler: FeaturePostbackHandler): void {
  handlers.set(name, handler);
}

export function featurePostbackHandler(name: string): FeaturePostbackHandler | undefined {
  return handlers.get(name);
}
