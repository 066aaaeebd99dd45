// The 安否 conversation's state and buttons: its steps, what it collects, its operations, and its flow kit.
import { z } from 'zod';
import { flowKit } from '../../../conversation/flow-kit.ts';
import { NEEDS, SITUATIONS } from './types.ts';

export const STEPS = [
  'proxyName',
  'proxyAddress',
  'proxyPhone',
  'situation',
  'shelter',
  'people',
  'needs',
  'place',
] as const;
export type Step = (typeof STEPS)[number];

const dataSchema = z.object({
  k: z.string(),
  disasterId: z.string(),
  proxy: z
    .object({ name: z.string(), address: z.string().optional(), phone: z.string().optional() })
    .optional(),
  situation: z.enum(SITUATIONS).optional(),
  shelterId: z.string().optional(),
  /** The shelters the last buttons offered: a shelter button is accepted only for one of these. */
  candidates: z.array(z.string()).default([]),
  people: z.number().int().optional(),
  needs: z.array(z.enum(NEEDS)).default([]),
});
export type Data = z.output<typeof dataSchema>;

const opSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('quit') }),
  z.object({ op: z.literal('sit'), v: z.enum(SITUATIONS) }),
  z.object({ op: z.literal('shelter'), id: z.string().max(40) }),
  z.object({ op: z.literal('people'), n: z.string().regex(/^[1-9][0-9]?$/) }),
  z.object({ op: z.literal('need'), v: z.enum(NEEDS) }),
  z.object({ op: z.literal('done') }),
  z.object({ op: z.literal('skip') }),
]);
export type Op = z.output<typeof opSchema>;

export const kit = flowKit({
  name: 'bousai.safety',
  ttlSeconds: 60 * 60,
  steps: STEPS,
  dataSchema,
  opSchema,
});
