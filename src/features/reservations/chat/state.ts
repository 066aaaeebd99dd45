// The reservation flow's conversation state: which step the resident is at and what they chose so far; its
// codec, saving and clearing come from the flow kit.
import { z } from 'zod';
import { flowKit } from '../../../conversation/flow-kit.ts';
import type { HandlerContext } from '../../../events/handler-context.ts';
import { FLOW_NAME, opSchema } from './postback.ts';

/** Thirty minutes: long enough to look for a document, short enough that stale seat counts are not acted on. */
export const FLOW_TTL_SECONDS = 30 * 60;

export const STEPS = ['service', 'day', 'time', 'confirm', 'manage', 'cancel'] as const;
export type Step = (typeof STEPS)[number];

const flowDataSchema = z.object({
  k: z.string(),
  serviceId: z.string().optional(),
  date: z.string().optional(),
  slotId: z.string().optional(),
  /** Set while choosing a new time for an existing booking. */
  changeOf: z.string().optional(),
  /** The booking a cancel confirmation is about. */
  reservationId: z.string().optional(),
});
export type FlowData = z.infer<typeof flowDataSchema>;

export interface FlowState {
  step: Step;
  data: FlowData;
}

export const reservationKit = flowKit({
  name: FLOW_NAME,
  ttlSeconds: FLOW_TTL_SECONDS,
  steps: STEPS,
  dataSchema: flowDataSchema,
  opSchema,
});

/** The stored state as this flow's shape, or null when it is not (a state written by an older version). */
export const readFlowState = reservationKit.read;

/** Queues saving the flow's next step; it runs with the event's other writes. */
export function saveFlow(ctx: HandlerContext, userId: string, next: FlowState): void {
  reservationKit.save(ctx, userId, next);
}

export function clearFlow(ctx: HandlerContext, userId: string): void {
  reservationKit.clear(ctx, userId);
}
