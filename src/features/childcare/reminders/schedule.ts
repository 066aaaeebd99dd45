// Loads and checks the milestone schedule (schedule.json) so the city can change ages without code.
import { readFileSync } from 'node:fs';
import { z } from 'zod';

/** Days after the due date a milestone may still be sent when the file does not say. */
export const DEFAULT_GRACE_DAYS = 14;

const milestoneSchema = z.strictObject({
  // Stored per child once sent and used as an i18n key part: no dots, never renamed once in use.
  id: z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, 'lower-case letters, digits and hyphens (at most 40)'),
  ageMonths: z.number().int().min(0).max(240),
  graceDays: z.number().int().min(0).max(90).default(DEFAULT_GRACE_DAYS),
  topic: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,19}$/, 'a 子育て情報 topic id')
    .optional(),
});

export const scheduleSchema = z.strictObject({
  _comment: z.string().optional(),
  milestones: z
    .array(milestoneSchema)
    .min(1)
    .max(50)
    .refine((list) => new Set(list.map((m) => m.id)).size === list.length, 'milestone ids must be unique'),
});

export type Milestone = z.infer<typeof milestoneSchema>;

export class MilestoneScheduleError extends Error {
  readonly code = 'CHILDCARE_SCHEDULE';
}

export const SCHEDULE_FILE = new URL('./schedule.json', import.meta.url);

/** Reads and validates the file; the error names the file and the first bad field (`milestones[2].ageMonths`). */
export function loadSchedule(path: string | URL = SCHEDULE_FILE): Milestone[] {
  const file = path instanceof URL ? path.pathname : path;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new MilestoneScheduleError(`${file}: not readable JSON (${(error as Error).message})`);
  }
  const parsed = scheduleSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue ? fieldPath(issue.path) : '';
    throw new MilestoneScheduleError(`${file}: field "${field || '(root)'}": ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data.milestones;
}

let cached: readonly Milestone[] | undefined;

/** schedule.json, read and checked once per process (at boot, by the reminder loop); shared by its readers. */
export function milestoneSchedule(): readonly Milestone[] {
  cached ??= loadSchedule();
  return cached;
}

function fieldPath(path: ReadonlyArray<PropertyKey>): string {
  return path
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i ? '.' : ''}${String(part)}`))
    .join('');
}
