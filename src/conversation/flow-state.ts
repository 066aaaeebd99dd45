// A flow's conversation state as a typed pair (step, data): read back with its own zod schema (a state written
// by another flow or an older version reads as null) and stored with the flow's name and time to live.
import type { z } from 'zod';
import type { Queryable } from '../db/transact.ts';
import { saveState } from './state-repository.ts';

export interface FlowStateCodec<Step extends string, Data> {
  /** The stored state as this flow's shape, or null when it is not. */
  read(state: {
    flow?: string;
    step: string;
    data: Record<string, unknown>;
  }): { step: Step; data: Data } | null;
  /** Saves the next step (inside the caller's transaction). */
  store(tx: Queryable, userId: string, next: { step: Step; data: Data }): Promise<void>;
}

export function flowStateCodec<
  Step extends string,
  Schema extends z.ZodType<Record<string, unknown>>,
>(options: {
  flowName: string;
  steps: readonly Step[];
  dataSchema: Schema;
  ttlSeconds: number;
}): FlowStateCodec<Step, z.output<Schema>> {
  const { flowName, steps, dataSchema, ttlSeconds } = options;
  return {
    read(state) {
      if (state.flow !== undefined && state.flow !== flowName) return null;
      const step = steps.find((s) => s === state.step);
      const data = dataSchema.safeParse(state.data);
      return step && data.success ? { step, data: data.data } : null;
    },
    async store(tx, userId, next) {
      await saveState(tx, { userId, flow: flowName, step: next.step, data: next.data, ttlSeconds });
    },
  };
}
