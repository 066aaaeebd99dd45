// The registration conversation's state: the step, and what the parent has given so far. `k` ties the
// conversation's buttons to it; `mode` says whether a new child is being added or an existing one renamed.
import { z } from 'zod';
import { flowKit } from '../../../conversation/flow-kit.ts';
import { FLOW_NAME, flowOpSchema } from './postback.ts';

/** An hour: long enough to find the birth date in the 母子手帳, short enough not to surprise later. */
export const FLOW_TTL_SECONDS = 60 * 60;

export const STEPS = ['nickname', 'birth', 'district', 'confirm'] as const;
export type Step = (typeof STEPS)[number];

const flowDataSchema = z.object({
  k: z.string(),
  mode: z.enum(['add', 'rename']),
  /** The child being renamed (rename mode). */
  childId: z.string().optional(),
  nickname: z.string().optional(),
  birthDate: z.string().optional(),
  /** True when this registration asks the district (the parent's first child and no district yet). */
  askDistrict: z.boolean().default(false),
  /** The district chosen now, or the parent's stored one; null: not given. */
  district: z.string().nullable().default(null),
});
export type FlowData = z.infer<typeof flowDataSchema>;

export interface FlowState {
  step: Step;
  data: FlowData;
}

export const childKit = flowKit({
  name: FLOW_NAME,
  ttlSeconds: FLOW_TTL_SECONDS,
  steps: STEPS,
  dataSchema: flowDataSchema,
  opSchema: flowOpSchema,
});

export const readFlowState = childKit.read;
export const storeFlow = childKit.store;
