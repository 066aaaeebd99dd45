// The buttons of a conversation flow: postback data `action=flow&flow=<name>&k=<session>&op=…` built from and
// parsed by one zod schema of operations. `k` ties a button to the conversation that showed it, so an old card
// cannot act on a newer conversation; `allowedIn` says which steps an operation may be tapped in.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { postbackData } from '../events/postback-data.ts';

type OpFields<Op extends { op: string }> = {
  [K in Op['op']]: { op: K } & Record<string, string>;
}[Op['op']];

export interface FlowButtons<Op extends { op: string }> {
  /** The session key and operation of a postback, or null for data this flow never sent. */
  parse(fields: Record<string, string>): { k: string; op: Op } | null;
  /** Postback data for a button of the conversation `k`. */
  data(k: string, fields: OpFields<Op>): string;
}

const withSession = z.object({ k: z.string().min(1).max(16) });

export function flowButtons<Op extends { op: string }>(
  flowName: string,
  opSchema: z.ZodType<Op>,
): FlowButtons<Op> {
  return {
    parse(fields) {
      const session = withSession.safeParse(fields);
      const op = opSchema.safeParse(fields);
      return session.success && op.success ? { k: session.data.k, op: op.data } : null;
    },
    data(k, fields) {
      return postbackData({ action: 'flow', flow: flowName, k, ...fields });
    },
  };
}

/** A fresh conversation key (8 characters). */
export function newSessionKey(): string {
  return randomBytes(6).toString('base64url');
}

/**
 * The operation if it was shown by this conversation (same `k`) and may be tapped in its current step;
 * null means a stale or forged button.
 */
export function acceptOp<Op extends { op: string }, Step extends string>(
  parsed: { k: string; op: Op } | null,
  flow: { step: Step; data: { k: string } } | null,
  allowedIn: Readonly<Record<Op['op'], readonly Step[]>>,
): Op | null {
  if (!parsed || !flow || parsed.k !== flow.data.k) return null;
  const steps: readonly Step[] = allowedIn[parsed.op.op as Op['op']];
  return steps.includes(flow.step) ? parsed.op : null;
}

/**
 * Why a flow button reaches no live conversation of its flow: 'expired' when it belongs to the user's
 * conversation of that flow and that one timed out; 'stale' when it comes from an older or finished
 * conversation, or another flow runs now. null: the conversation is live and the flow decides (acceptOp).
 */
export function deadButton(
  flowName: string,
  fields: Record<string, string>,
  state: { flow: string; data: Record<string, unknown>; expiresAt: Date } | null,
  now: Date,
): 'expired' | 'stale' | null {
  if (!state || state.flow !== flowName) return 'stale';
  if (state.expiresAt.getTime() > now.getTime()) return null;
  return fields.k !== undefined && fields.k === state.data.k ? 'expired' : 'stale';
}
