// Registering children: consent first, then nickname and birth date (date picker); list, edit and delete.
// Registers the conversation flow; the childcare feature postback hands `do=…` buttons to onPostback.
import type { Flow } from '../../../conversation/flows.ts';
import type { HandlerContext } from '../../../events/handler-context.ts';
import type { ChildcareLibrary } from '../content.ts';
import { onChildrenPostback } from './actions.ts';
import type { ChildrenDeps } from './deps.ts';
import { childFlow } from './flow.ts';

export { entryItems as childrenEntryItems } from './cards.ts';
export { CONSENT_VERSION } from './consent.ts';
export { FLOW_NAME as CHILD_FLOW } from './postback.ts';

export interface ChildrenOptions {
  library: ChildcareLibrary;
  /** The clock for "today" (tests move it); the real time by default. */
  now?: () => Date;
}

export interface ChildrenPart {
  /** The registration conversation. */
  flow: Flow;
  /** The childcare feature postbacks that carry `do`. */
  onPostback(ctx: HandlerContext, fields: Record<string, string>): Promise<void>;
}

export function childrenPart(options: ChildrenOptions): ChildrenPart {
  const deps: ChildrenDeps = { now: options.now ?? (() => new Date()) };
  return { flow: childFlow(deps), onPostback: (ctx, fields) => onChildrenPostback(ctx, deps, fields) };
}
