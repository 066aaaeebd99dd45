// The next reminder shown in a child's bubble: the earliest milestone due today or later, by the reminder rule.
import { describe, expect, it } from 'vitest';
import { nextMilestone } from '../../src/features/childcare/reminders/next.ts';
import type { Milestone } from '../../src/features/childcare/reminders/schedule.ts';

const schedule: Milestone[] = [
  { id: 'checkup-4m', ageMonths: 4, graceDays: 14 },
  { id: 'bcg-5m', ageMonths: 5, graceDays: 14 },
  { id: 'checkup-1y6m', ageMonths: 18, graceDays: 14 },
];

describe('nextMilestone', () => {
  it('names the earliest milestone not yet past, with its due date', () => {
    expect(nextMilestone('2026-01-31', '2026-02-10', schedule)).toEqual({
      milestone: schedule[0],
      dueOn: '2026-05-31',
    });
    // Due today still counts as next; the day after, the following one is.
    expect(nextMilestone('2026-01-31', '2026-05-31', schedule)?.milestone.id).toBe('checkup-4m');
    expect(nextMilestone('2026-01-31', '2026-06-01', schedule)).toEqual({
      milestone: schedule[1],
      dueOn: '2026-06-30',
    });
  });

  it('is null once every milestone is past', () => {
    expect(nextMilestone('2020-01-01', '2026-01-01', schedule)).toBeNull();
  });

  it('works with the real schedule (a newborn is first reminded at 2 months)', () => {
    expect(nextMilestone('2026-11-24', '2026-11-24')).toMatchObject({
      milestone: { id: 'vaccines-2m' },
      dueOn: '2027-01-24',
    });
  });
});
