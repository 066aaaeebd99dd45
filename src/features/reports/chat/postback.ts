// The report flow's buttons: postback data `action=flow&flow=report&k=<session>&op=…` and its parser; `k` ties
// a button to the conversation that showed it, so an old card cannot act on a newer report.
import { z } from 'zod';
import { flowButtons, newSessionKey } from '../../../conversation/flow-buttons.ts';

export const FLOW_NAME = 'report';

export const opSchema = z.discriminatedUnion('op', [
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

const buttons = flowButtons(FLOW_NAME, opSchema);

/** The session key and operation of a flow postback, or null for data this flow never sent. */
export const parseFlowOp = buttons.parse;
export const flowData = buttons.data;
export { newSessionKey };
