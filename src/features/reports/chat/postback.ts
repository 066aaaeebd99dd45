// The report flow's buttons: postback data `action=flow&flow=report&k=<session>&op=…` and its parser; `k` ties
// a button to the conversation that showed it, so an old card cannot act on a newer report.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { postbackData } from '../../../events/postback-data.ts';

export const FLOW_NAME = 'report';

const opSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('cat'), c: z.string().regex(/^[a-z0-9_-]{1,32}$/) }),
  z.object({ op: z.literal('done') }),
  z.object({ op: z.literal('metoo'), r: z.string().regex(/^[0-9]{1,18}$/) }),
  z.object({ op: z.literal('new') }),
  z.object({ op: z.literal('skip') }),
  z.object({ op: z.literal('submit') }),
  z.object({ op: z.literal('back') }),
  z.object({ op: z.literal('quit') }),
]);
export type FlowOp = z.infer<typeof opSchema>;

const withSession = z.object({ k: z.string().min(1).max(16) });

export function parseFlowOp(fields: Record<string, string>): { k: string; op: FlowOp } | null {
  const session = withSession.safeParse(fields);
  const op = opSchema.safeParse(fields);
  return session.success && op.success ? { k: session.data.k, op: op.data } : null;
}

type OpFields = { [K in FlowOp['op']]: { op: K } & Record<string, string> }[FlowOp['op']];

export function flowData(k: string, fields: OpFields): string {
  return postbackData({ action: 'flow', flow: FLOW_NAME, k, ...fields });
}

export function newSessionKey(): string {
  return randomBytes(6).toString('base64url');
}
