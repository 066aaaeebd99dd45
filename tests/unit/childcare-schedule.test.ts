// The milestone schedule file: it loads, every milestone and topic has its texts in every language, a broken
// file names file and field, and the reminder messages stay within LINE's limits.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadChildcareContent } from '../../src/features/childcare/content.ts';
import { topicData } from '../../src/features/childcare/menu.ts';
import { milestoneMessages } from '../../src/features/childcare/reminders/message.ts';
import { cityHour, milestoneRetryKey } from '../../src/features/childcare/reminders/queue.ts';
import {
  DEFAULT_GRACE_DAYS,
  loadSchedule,
  MilestoneScheduleError,
  SCHEDULE_FILE,
} from '../../src/features/childcare/reminders/schedule.ts';
import { hasKey } from '../../src/i18n/index.ts';
import { LANGUAGES } from '../../src/i18n/languages.ts';
import { checkMessages, LIMITS } from '../../src/line/message-limits.ts';

const schedule = loadSchedule();

function writeSchedule(content: unknown): string {
  const file = join(mkdtempSync(join(tmpdir(), 'childcare-schedule-')), 'schedule.json');
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

describe('schedule.json', () => {
  it('holds the checkups and vaccinations in age order, with the default grace period filled in', () => {
    const byId = new Map(schedule.map((m) => [m.id, m]));
    expect(byId.get('checkup-4m')).toEqual({
      id: 'checkup-4m',
      ageMonths: 4,
      graceDays: DEFAULT_GRACE_DAYS,
      topic: 'checkups',
    });
    expect(byId.get('checkup-1y6m')?.ageMonths).toBe(18);
    expect(byId.get('checkup-3y')?.ageMonths).toBe(36);
    expect(byId.get('vaccines-2m')?.topic).toBe('vaccination');
    const ages = schedule.map((m) => m.ageMonths);
    expect(ages).toEqual([...ages].sort((a, b) => a - b));
  });

  it('has an age and a text for every milestone in every language', () => {
    for (const milestone of schedule)
      for (const lang of LANGUAGES) {
        expect(
          hasKey(`childcareReminders:milestones.${milestone.id}.age`, lang),
          `${lang} ${milestone.id}`,
        ).toBe(true);
        expect(
          hasKey(`childcareReminders:milestones.${milestone.id}.text`, lang),
          `${lang} ${milestone.id}`,
        ).toBe(true);
      }
  });

  it('points only at topics the 子育て情報 menu has, each with a button label in every language', () => {
    const topics = new Set(loadChildcareContent().ja.topics.map((t) => t.id));
    for (const milestone of schedule) {
      if (!milestone.topic) continue;
      expect(topics.has(milestone.topic), milestone.id).toBe(true);
      for (const lang of LANGUAGES)
        expect(
          hasKey(`childcareReminders:topics.${milestone.topic}`, lang),
          `${lang} ${milestone.topic}`,
        ).toBe(true);
    }
  });

  it.each([
    [
      {
        milestones: [
          { id: 'a', ageMonths: 4 },
          { id: 'b', ageMonths: 'seven' },
        ],
      },
      'milestones[1].ageMonths',
    ],
    [{ milestones: [{ id: 'a', ageMonths: 4, graceDays: -1 }] }, 'milestones[0].graceDays'],
    [{ milestones: [{ id: 'Checkup.4m', ageMonths: 4 }] }, 'milestones[0].id'],
    [{ milestones: [{ id: 'a', ageMonths: 4, when: 'soon' }] }, 'milestones[0]'],
    [{ milestones: [{ id: 'a', ageMonths: 4, topic: 'Checkups!' }] }, 'milestones[0].topic'],
    [
      {
        milestones: [
          { id: 'a', ageMonths: 4 },
          { id: 'a', ageMonths: 7 },
        ],
      },
      'milestones',
    ],
    [{ milestones: [] }, 'milestones'],
    [{}, 'milestones'],
  ])('names the file and the field of a mistake (%j)', (content, field) => {
    const file = writeSchedule(content);
    expect(() => loadSchedule(file)).toThrow(MilestoneScheduleError);
    expect(() => loadSchedule(file)).toThrow(`${file}: field "${field}"`);
  });

  it('refuses a file that is not JSON, naming it', () => {
    const file = writeSchedule('{ "milestones": [ ');
    expect(() => loadSchedule(file)).toThrow(`${file}: not readable JSON`);
    expect(SCHEDULE_FILE.pathname).toMatch(/reminders\/schedule\.json$/);
  });
});

describe('milestone messages', () => {
  it('fit LINE limits for every milestone in every language, with the topic as a quick reply', () => {
    for (const lang of LANGUAGES)
      for (const milestone of schedule) {
        const messages = milestoneMessages(lang, [{ nickname: 'はなちゃん', milestone }]);
        expect(checkMessages(messages), `${lang} ${milestone.id}`).toEqual([]);
        expect(messages).toHaveLength(1);
        const [message] = messages;
        expect(message?.text).toContain('はなちゃん');
        if (milestone.topic) {
          const action = message?.quickReply?.items?.[0]?.action;
          expect(action).toMatchObject({ type: 'postback', data: topicData(milestone.topic) });
        }
      }
  });

  it('lists several children and milestones in one message, one button per topic', () => {
    const byId = new Map(schedule.map((m) => [m.id, m]));
    const pick = (id: string) => {
      const milestone = byId.get(id);
      if (!milestone) throw new Error(id);
      return milestone;
    };
    const [message, ...rest] = milestoneMessages('ja', [
      { nickname: 'はなちゃん', milestone: pick('checkup-4m') },
      { nickname: 'たろう', milestone: pick('checkup-3y') },
      { nickname: 'たろう', milestone: pick('encephalitis-3y') },
    ]);
    expect(rest).toEqual([]);
    const lines = message?.text.split('\n').filter((line) => line.startsWith('・'));
    expect(lines).toEqual([
      expect.stringMatching(/^・はなちゃん（4か月）：4か月児健診の時期です/),
      expect.stringMatching(/^・たろう（3歳）：3歳児健診の時期です/),
      expect.stringMatching(/^・たろう（3歳）：日本脳炎1期/),
    ]);
    expect(message?.quickReply?.items?.map((item) => item.action)).toEqual([
      {
        type: 'postback',
        label: '乳幼児健診を見る',
        data: topicData('checkups'),
        displayText: '乳幼児健診を見る',
      },
      {
        type: 'postback',
        label: '予防接種を見る',
        data: topicData('vaccination'),
        displayText: '予防接種を見る',
      },
    ]);
  });

  it('spreads very many lines over several texts within the limits', () => {
    const due = Array.from({ length: 120 }, (_, i) => ({
      nickname: `こども${String(i).padStart(14, '0')}`,
      milestone: schedule[i % schedule.length] as (typeof schedule)[number],
    }));
    const messages = milestoneMessages('en', due);
    expect(messages.length).toBeGreaterThan(1);
    expect(messages.length).toBeLessThanOrEqual(LIMITS.messagesPerRequest);
    expect(checkMessages(messages)).toEqual([]);
    expect(messages.slice(0, -1).every((m) => m.quickReply === undefined)).toBe(true);
    expect(messages.at(-1)?.quickReply?.items).toHaveLength(2);
  });
});

describe('send hour and retry keys', () => {
  it('reads the hour in Tokyo', () => {
    expect(cityHour(new Date('2027-05-04T23:59:00Z'))).toBe(8);
    expect(cityHour(new Date('2027-05-05T00:00:00Z'))).toBe(9);
    expect(cityHour(new Date('2027-05-04T15:00:00Z'))).toBe(0);
  });

  it('derives one key per parent and claim, whatever the order', () => {
    const a = { childId: '1', milestone: 'checkup-4m' };
    const b = { childId: '2', milestone: 'checkup-3y' };
    expect(milestoneRetryKey('U1', [a, b])).toBe(milestoneRetryKey('U1', [b, a]));
    expect(milestoneRetryKey('U1', [a, b])).not.toBe(milestoneRetryKey('U2', [a, b]));
    expect(milestoneRetryKey('U1', [a])).not.toBe(milestoneRetryKey('U1', [a, b]));
    expect(milestoneRetryKey('U1', [a])).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });
});
