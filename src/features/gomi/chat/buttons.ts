// The ごみ buttons: stateless feature postbacks (`action=feature&feature=gomi&do=…`) as quick replies, their
// labels cut to LINE's 20 characters.
import type { messagingApi } from '@line/bot-sdk';
import { postbackData } from '../../../events/postback-data.ts';

export const FEATURE = 'gomi';

export function gomiData(fields: Record<string, string>): string {
  return postbackData({ action: 'feature', feature: FEATURE, ...fields });
}

/** LINE cuts nothing itself: a quick reply label over 20 characters is refused. */
export function label(text: string): string {
  const chars = Array.from(text);
  return chars.length <= 20 ? text : `${chars.slice(0, 19).join('')}…`;
}

export function quick(text: string, fields: Record<string, string>): messagingApi.QuickReplyItem {
  return {
    type: 'action',
    action: { type: 'postback', label: label(text), displayText: text.slice(0, 300), data: gomiData(fields) },
  };
}

export function locationButton(text: string): messagingApi.QuickReplyItem {
  return { type: 'action', action: { type: 'location', label: label(text) } };
}
