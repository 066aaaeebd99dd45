// The flow kit: what every conversation flow shares, so a flow is only its steps. One call gives a flow its
// typed state (read back with its own schema, stored with its time to live), its buttons (postback data tied to
// the conversation by `k`), and the dispatch: a stale or forged button is refused, `quit` ends it, and a message a
// step does not take shows that step again with a way out — a resident is never left without buttons.
import type { messagingApi } from '@line/bot-sdk';
import type { z } from 'zod';
import type { HandlerContext } from '../events/handler-context.ts';
import type { IncomingMessage } from '../events/incoming.ts';
import { acceptOp, flowButtons, newSessionKey } from './flow-buttons.ts';
import { flowStateCodec } from './flow-state.ts';
import type { Flow } from './flows.ts';

export type { Flow };

import { clearState } from './state-repository.ts';

/** Where a conversation is: its step and what it collected (with `k`, the key its buttons carry). */
export interface Turn<Step extends string, Data extends { k: string }> {
  userId: string;
  step: Step;
  data: Data;
}

/** What a step does with a message: handled, or not for this step (the kit shows the step again). */
export type MessageOutcome = 'handled' | 'reprompt';

export interface FlowHandlers<Step extends string, Data extends { k: string }, Op extends { op: string }> {
  /** The steps in which each operation's button is live (`quit` is live in every step). */
  allowed: Readonly<Record<Op['op'], readonly Step[]>>;
  /** An accepted button of the current step (`quit` is the kit's). */
  onOp(ctx: HandlerContext, turn: Turn<Step, Data>, op: Op): Promise<void> | void;
  /** What the resident typed or sent; steps that only take buttons leave it out (or answer 'reprompt'). */
  onMessage?(
    ctx: HandlerContext,
    turn: Turn<Step, Data>,
    message: IncomingMessage,
  ): Promise<MessageOutcome | undefined> | MessageOutcome | undefined;
  /** Shows the current step again: the same prompt and buttons it showed first. */
  reprompt(ctx: HandlerContext, turn: Turn<Step, Data>): Promise<void> | void;
  /** Said for a button of another step or an older conversation; the common "no longer valid" by default. */
  stale?(ctx: HandlerContext): void;
  /** Said when the resident quits; the state is cleared by the kit. */
  quitText(ctx: HandlerContext): messagingApi.Message;
}

export interface FlowKit<Step extends string, Data extends { k: string }, Op extends { op: string }> {
  name: string;
  /** The stored state as this flow's turn, or null when it is not (another flow, an older version). */
  read(state: { flow?: string; step: string; data: Record<string, unknown> } | null): {
    step: Step;
    data: Data;
  } | null;
  /** Saves the next step inside the caller's transaction. */
  store(
    tx: Parameters<ReturnType<typeof flowStateCodec>['store']>[0],
    userId: string,
    next: { step: Step; data: Data },
  ): Promise<void>;
  /** Queues saving the next step with the event's other writes. */
  save(ctx: HandlerContext, userId: string, next: { step: Step; data: Data }): void;
  /** Queues ending the conversation. */
  clear(ctx: HandlerContext, userId: string): void;
  /** Postback data for a button of conversation `k`. */
  button: ReturnType<typeof flowButtons<Op>>['data'];
  /** A fresh conversation key. */
  newKey(): string;
  /** The quick reply that ends this conversation (added to every reprompt). */
  wayOut(ctx: HandlerContext, k: string): messagingApi.QuickReplyItem;
  /** The Flow the app registers. */
  flow(handlers: FlowHandlers<Step, Data, Op>): Flow;
}

export function flowKit<
  Step extends string,
  Schema extends z.ZodType<{ k: string } & Record<string, unknown>>,
  Op extends { op: string },
>(spec: {
  name: string;
  ttlSeconds: number;
  steps: readonly Step[];
  dataSchema: Schema;
  /** The flow's button operations; it must have `{ op: 'quit' }`. */
  opSchema: z.ZodType<Op>;
}): FlowKit<Step, z.output<Schema>, Op> {
  type Data = z.output<Schema>;
  const codec = flowStateCodec({
    flowName: spec.name,
    steps: spec.steps,
    dataSchema: spec.dataSchema,
    ttlSeconds: spec.ttlSeconds,
  });
  const buttons = flowButtons(spec.name, spec.opSchema);

  const kit: FlowKit<Step, Data, Op> = {
    name: spec.name,
    read: (state) => (state ? codec.read(state) : null),
    store: (tx, userId, next) => codec.store(tx, userId, next),
    save(ctx, userId, next) {
      ctx.write((tx) => codec.store(tx, userId, next));
    },
    clear(ctx, userId) {
      ctx.write(async (tx) => {
        await clearState(tx, userId);
      });
    },
    button: buttons.data,
    newKey: newSessionKey,
    wayOut(ctx, k) {
      const label = ctx.t('flow.quitLabel');
      return {
        type: 'action',
        action: {
          type: 'postback',
          label,
          displayText: label,
          data: buttons.data(k, { op: 'quit' } as Parameters<typeof buttons.data>[1]),
        },
      };
    },
    flow(handlers) {
      const stale = (ctx: HandlerContext) =>
        handlers.stale ? handlers.stale(ctx) : ctx.sendText('flow.staleButton');

      async function reprompt(ctx: HandlerContext, turn: Turn<Step, Data>): Promise<void> {
        ctx.sendText('flow.useButtons');
        await handlers.reprompt(ctx, turn);
        // Where the step's own choices fill LINE's 13 quick replies, the text says to send "やめる" instead.
        ctx.addQuickReplies([kit.wayOut(ctx, turn.data.k)]);
      }

      return {
        name: spec.name,
        ttlSeconds: spec.ttlSeconds,
        async onMessage(ctx, state, message) {
          const userId = ctx.userId;
          const current = kit.read(state);
          if (!userId || !current) {
            // A state this version cannot read: end it rather than leave the resident stuck in it.
            stale(ctx);
            if (userId) kit.clear(ctx, userId);
            return;
          }
          const turn = { userId, ...current };
          const outcome = handlers.onMessage ? await handlers.onMessage(ctx, turn, message) : 'reprompt';
          if (outcome === 'reprompt') await reprompt(ctx, turn);
        },
        async onPostback(ctx, state, fields) {
          const userId = ctx.userId;
          const current = kit.read(state);
          const parsed = buttons.parse(fields);
          // The way out works in every step of its own conversation.
          const quitting = parsed?.op.op === 'quit' && current !== null && parsed.k === current.data.k;
          const op = quitting ? parsed.op : acceptOp(parsed, current, handlers.allowed);
          if (!userId || !current || !op) {
            stale(ctx);
            return;
          }
          const turn = { userId, ...current };
          if (op.op === 'quit') {
            ctx.send(handlers.quitText(ctx));
            kit.clear(ctx, userId);
            return;
          }
          await handlers.onOp(ctx, turn, op);
        },
      };
    },
  };
  return kit;
}
