// The report flow's conversation state: the step and what the resident has given so far (photo keys included,
// so they can come back to a half-finished report within a day); its codec comes from the flow kit.
import { z } from 'zod';
import { flowKit } from '../../../conversation/flow-kit.ts';
import { findState } from '../../../conversation/state-repository.ts';
import type { Queryable } from '../../../db/transact.ts';
import { FLOW_NAME, opSchema } from './postback.ts';

/** A day: a resident may take photos now and send the place when they are home. */
export const FLOW_TTL_SECONDS = 24 * 60 * 60;

export const STEPS = ['category', 'photos', 'location', 'nearby', 'comment', 'confirm'] as const;
export type Step = (typeof STEPS)[number];

const flowDataSchema = z.object({
  k: z.string(),
  category: z.string().optional(),
  photos: z.array(z.string()).default([]),
  lat: z.number().optional(),
  lon: z.number().optional(),
  address: z.string().nullable().optional(),
  comment: z.string().nullable().optional(),
  /** Whether nearby reports were offered, so "back" from the comment returns there. */
  hadNearby: z.boolean().optional(),
  /** The ids of the nearby reports the resident was shown: "me too" joins only one of these. */
  offered: z.array(z.string()).optional(),
  /** The place the resident started from (a location sent outside the flow): used instead of asking it. */
  pre: z.object({ lat: z.number(), lon: z.number() }).optional(),
});
export type FlowData = z.infer<typeof flowDataSchema>;

export interface FlowState {
  step: Step;
  data: FlowData;
}

export const reportKit = flowKit({
  name: FLOW_NAME,
  ttlSeconds: FLOW_TTL_SECONDS,
  steps: STEPS,
  dataSchema: flowDataSchema,
  opSchema,
});

export const readFlowState = reportKit.read;

/** The state as the transaction sees it: the truth when several photo events arrive one after another. */
export async function currentFlow(tx: Queryable, userId: string): Promise<FlowState | null> {
  const state = await findState(tx, userId);
  return state && state.expiresAt.getTime() > Date.now() ? readFlowState(state) : null;
}

export const storeFlow = reportKit.store;
