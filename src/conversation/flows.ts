// The registry of multi-step conversation flows (a booking, a damage report…): a feature registers its flow,
// and messages and postbacks from a user who is in that flow go to it.
import type { HandlerContext } from '../events/handler-context.ts';
import type { IncomingMessage } from '../events/incoming.ts';
import type { ConversationState } from './state-repository.ts';

export interface Flow {
  name: string;
  /** How long a user may stay silent before the flow lapses. */
  ttlSeconds: number;
  onMessage(ctx: HandlerContext, state: ConversationState, message: IncomingMessage): Promise<void>;
  onPostback?(ctx: HandlerContext, state: ConversationState, data: Record<string, string>): Promise<void>;
}

export class FlowRegistry {
  private readonly flows = new Map<string, Flow>();

  register(flow: Flow): void {
    if (this.flows.has(flow.name)) throw new Error(`flow ${flow.name} is registered twice`);
    this.flows.set(flow.name, flow);
  }

  get(name: string): Flow | undefined {
    return this.flows.get(name);
  }
}
