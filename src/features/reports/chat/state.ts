// The report flow's conversation state: the step and what the resident has given so far (photo keys included,
// so they can come back to a half-finished report within a day).
import { z } from 'zod';
import { flowStateCodec } from '../../../conversation/flow-state.ts';
import { findState } from '../../../conversation/state-repository.ts';
import type { Queryable } from '../../../db/transact.ts';
import { FLOW_NAME } from './postback.ts';

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
});
export type FlowData = z.infer<typeof flowDataSchema>;

export interface FlowState {
  step: Step;
  data: FlowData;
}

const codec = flowStateCodec({
  flowName: FLOW_NAME,
  steps: STEPS,
  dataSchema: flowDataSchema,
  ttlSeconds: FLOW_TTL_SECONDS,
});

export const readFlowState = codec.read;

/** The state as the transaction sees it: the truth when several photo events arrive one after another. */
export async function currentFlow(tx: Queryable, userId: string): Promise<FlowState | null> {
  const state = await findState(tx, userId);
  return state && state.expiresAt.getTime() > Date.now() ? readFlowState(state) : null;
}

export const storeFlow = codec.store;
