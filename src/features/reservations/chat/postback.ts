// The reservation flow's buttons: postback data `action=flow&flow=reservation&k=<session>&op=…` with ids only,
// and its parser. `k` ties a button to the conversation that showed it, so old cards cannot act on a new one.
import { z } from 'zod';
import { flowButtons, newSessionKey } from '../../../conversation/flow-buttons.ts';

export const FLOW_NAME = 'reservation';

const id = z.string().regex(/^[0-9]{1,18}$/);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const page = z.coerce.number().int().min(0).max(100);

export const opSchema = z.discriminatedUnion('op', [
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

const buttons = flowButtons(FLOW_NAME, opSchema);

/** The session key and operation of a flow postback, or null for data this flow never sent. */
export const parseFlowOp = buttons.parse;
export const flowData = buttons.data;
export { newSessionKey };
