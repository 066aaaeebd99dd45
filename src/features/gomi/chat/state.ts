// The ごみ conversation's state: searching items (what is typed is an item name), or applying for 粗大ごみ
// (items, day, address, confirmation; or a new day for an existing application).
import { z } from 'zod';
import { flowKit } from '../../../conversation/flow-kit.ts';

export const FLOW_NAME = 'gomi';
export const STEPS = ['search', 'bulky-items', 'bulky-date', 'bulky-address', 'bulky-confirm'] as const;
export type Step = (typeof STEPS)[number];

const dataSchema = z.object({
  k: z.string(),
  /** Chosen 粗大ごみ item ids, with counts. */
  items: z
    .array(z.object({ id: z.string().max(40), count: z.number().int().min(1).max(10) }))
    .max(10)
    .optional(),
  /** Days offered (a day button must be one of them). */
  offered: z.array(z.string()).max(13).optional(),
  date: z.string().optional(),
  address: z.string().max(120).optional(),
  /** An application whose day is being changed. */
  changeOf: z.string().optional(),
});
export type GomiFlowData = z.infer<typeof dataSchema>;

export const opSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('quit') }),
  z.object({ op: z.literal('add'), i: z.string().max(40) }),
  z.object({ op: z.literal('items-done') }),
  z.object({ op: z.literal('day'), d: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) }),
  z.object({ op: z.literal('book') }),
]);
export type GomiOp = z.infer<typeof opSchema>;

export const gomiKit = flowKit({
  name: FLOW_NAME,
  ttlSeconds: 30 * 60,
  steps: STEPS,
  dataSchema,
  opSchema,
});
