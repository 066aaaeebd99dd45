// The one push a parent gets for everything newly due: a line per child and milestone, topic buttons below.
import type { messagingApi } from '@line/bot-sdk';
import { t } from '../../../i18n/index.ts';
import type { Language } from '../../../i18n/languages.ts';
import { LIMITS } from '../../../line/message-limits.ts';
import { topicData } from '../menu.ts';
import type { Milestone } from './schedule.ts';

export interface DueReminder {
  nickname: string;
  milestone: Milestone;
}

const MAX_MESSAGES = LIMITS.messagesPerRequest;

/**
 * Text messages listing `due` in order (a parent with very many lines gets them over several bubbles, each
 * within LINE's text limit); the last one carries a quick reply per topic the milestones point to.
 */
export function milestoneMessages(lang: Language, due: readonly DueReminder[]): messagingApi.TextMessage[] {
  const lines = due.map(({ nickname, milestone }) =>
    t(lang, 'childcareReminders:line', {
      name: nickname,
      age: t(lang, `childcareReminders:milestones.${milestone.id}.age`),
      text: t(lang, `childcareReminders:milestones.${milestone.id}.text`),
    }),
  );
  // Header, the lines, footer: sections apart by a blank line; a bubble starts afresh when one would overflow.
  const parts = [
    { text: t(lang, 'childcareReminders:header'), before: '' },
    ...lines.map((text, i) => ({ text, before: i === 0 ? '\n\n' : '\n' })),
    { text: t(lang, 'childcareReminders:footer'), before: '\n\n' },
  ];
  const texts: string[] = [];
  for (const { text, before } of parts) {
    const last = texts.at(-1);
    if (last !== undefined && last.length + before.length + text.length <= LIMITS.text) {
      texts[texts.length - 1] = last + before + text;
    } else texts.push(text.slice(0, LIMITS.text));
  }
  // Beyond five bubbles (well over a hundred lines) the rest is dropped rather than the push refused.
  const messages: messagingApi.TextMessage[] = texts
    .slice(0, MAX_MESSAGES)
    .map((text) => ({ type: 'text', text }));
  const topics = [...new Set(due.flatMap(({ milestone }) => (milestone.topic ? [milestone.topic] : [])))];
  const last = messages.at(-1);
  if (last && topics.length > 0) {
    last.quickReply = {
      items: topics.slice(0, LIMITS.quickReplyItems).map((topic) => {
        const label = t(lang, `childcareReminders:topics.${topic}`);
        return {
          type: 'action',
          action: { type: 'postback', label, data: topicData(topic), displayText: label },
        };
      }),
    };
  }
  return messages;
}
