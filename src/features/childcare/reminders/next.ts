// The next milestone a child will be reminded of: shown in the parent's list so reminders are no surprise.
import { addMonths } from '../dates.ts';
import { type Milestone, milestoneSchedule } from './schedule.ts';

/** The earliest milestone due today or later (due date as in the reminder rule); null when none is left. */
export function nextMilestone(
  birthDate: string,
  today: string,
  schedule: readonly Milestone[] = milestoneSchedule(),
): { milestone: Milestone; dueOn: string } | null {
  let next: { milestone: Milestone; dueOn: string } | null = null;
  for (const milestone of schedule) {
    const dueOn = addMonths(birthDate, milestone.ageMonths);
    if (dueOn >= today && (!next || dueOn < next.dueOn)) next = { milestone, dueOn };
  }
  return next;
}
