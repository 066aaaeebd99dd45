// The reservation flow's buttons: postback data `action=flow&flow=reservation&k=<session>&op=…` with ids only,
// and its parser. `k` ties a button to the conversation that showed it, so old cards cannot act on a new one.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { postbackData } from '../../../events/postback-data.ts';

export const FLOW_NAME = 'reservation';

const id = z.string().regex(/^[0-9]{1,18}$/);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const page = z.coerce.number().int().min(0).max(100);

const opSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('service'), s: z.string().regex(/^[a-z0-9_-]{1,32}$/) }),
  z.object({ op: z.literal('days'), page }),
  z.object({ op: z.literal('day'), d: isoDate, page: page.default(0) }),
  z.object({ op: z.literal('slot'), slot: id }),
  z.object({ op: z.literal('book'), slot: id }),
  z.object({ op: z.literal('quit') }),
  z.object({ op: z.literal('change'), r: id }),
  z.object({ op: z.literal('cancel'), r: id }),
  z.object({ op: z.literal('cancel-yes'), r: id }),
  z.object({ op: z.literal('cancel-no') }),
]);
export type FlowOp = z.infer<typeof opSchema>;

const withSession = z.object({ k: z.string().min(1).max(16) });

/** The session key and operation of a flow postback, or null for data this flow never sent. */
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
