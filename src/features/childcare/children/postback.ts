// The children's buttons. Stateless ones are feature postbacks `action=feature&feature=childcare&do=…` (the list,
// consent, edit and delete: each names the child, and the owner is checked when tapped); the registration
// conversation's are flow postbacks `action=flow&flow=childcare-child&k=…&op=…`, tied to one conversation by `k`.
import { z } from 'zod';
import { flowButtons, newSessionKey } from '../../../conversation/flow-buttons.ts';
import { postbackData } from '../../../events/postback-data.ts';
import { FEATURE_NAME } from '../menu.ts';

export const FLOW_NAME = 'childcare-child';

const childId = z.string().regex(/^[1-9][0-9]{0,17}$/);
const districtChoice = z.string().regex(/^(?:none|[a-z0-9-]{1,40})$/);
const pickedDate = z.string().max(10).optional();

const featureOpSchema = z.discriminatedUnion('do', [
  z.object({ do: z.literal('add') }),
  z.object({ do: z.literal('list') }),
  z.object({ do: z.literal('consent'), v: z.string().min(1).max(40), next: z.enum(['add', 'list']) }),
  z.object({ do: z.literal('refuse') }),
  z.object({ do: z.literal('rename'), c: childId }),
  z.object({ do: z.literal('birth'), c: childId, picked_date: pickedDate }),
  z.object({ do: z.literal('del'), c: childId }),
  z.object({ do: z.literal('del-yes'), c: childId }),
  z.object({ do: z.literal('del-no') }),
  z.object({ do: z.literal('district') }),
  z.object({ do: z.literal('district-set'), d: districtChoice }),
  z.object({ do: z.literal('withdraw') }),
  z.object({ do: z.literal('withdraw-yes') }),
  z.object({ do: z.literal('withdraw-no') }),
]);
export type FeatureOp = z.infer<typeof featureOpSchema>;

/** The operation a feature postback names; null for a malformed or forged one. */
export function parseFeatureOp(fields: Record<string, string>): FeatureOp | null {
  const parsed = featureOpSchema.safeParse(fields);
  return parsed.success ? parsed.data : null;
}

type FeatureFields = { [K in FeatureOp['do']]: { do: K } & Record<string, string> }[FeatureOp['do']];

export function featureData(fields: FeatureFields): string {
  return postbackData({ action: 'feature', feature: FEATURE_NAME, ...fields });
}

export const flowOpSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('birth'), picked_date: pickedDate }),
  z.object({ op: z.literal('district'), d: districtChoice }),
  z.object({ op: z.literal('save') }),
  z.object({ op: z.literal('redo') }),
  z.object({ op: z.literal('quit') }),
]);
export type FlowOp = z.infer<typeof flowOpSchema>;

const buttons = flowButtons(FLOW_NAME, flowOpSchema);

/** The session key and operation of a flow postback, or null for data this flow never sent. */
export const parseFlowOp = buttons.parse;
export const flowData = buttons.data;
export { newSessionKey };
