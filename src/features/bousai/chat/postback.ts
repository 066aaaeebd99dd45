// The 防災 feature's stateless buttons (`action=feature&feature=bousai&do=…`): the nearest shelters to a place
// (the place and the hazard group travel in the button: a resident's own location, nothing to forge), and the
// starts of the 安否 report for oneself or for a relative.
import type { messagingApi } from '@line/bot-sdk';
import { postbackData } from '../../../events/postback-data.ts';
import { t } from '../../../i18n/index.ts';
import type { Language } from '../../../i18n/languages.ts';
import type { HazardGroup } from '../shelters/gsi-format.ts';

export const BOUSAI_FEATURE = 'bousai';

/** Six decimals (~0.1 m) are all a phone gives; the data stays well under LINE's 300 characters. */
const coordinate = (value: number) => value.toFixed(6);

export function nearData(place: { latitude: number; longitude: number }, group?: HazardGroup): string {
  return postbackData({
    action: 'feature',
    feature: BOUSAI_FEATURE,
    do: 'near',
    lat: coordinate(place.latitude),
    lon: coordinate(place.longitude),
    ...(group ? { h: group } : {}),
  });
}

export function postbackItem(label: string, data: string): messagingApi.QuickReplyItem {
  return {
    type: 'action',
    action: { type: 'postback', label: label.slice(0, 20), displayText: label, data },
  };
}

export function locationItem(lang: Language): messagingApi.QuickReplyItem {
  return {
    type: 'action',
    action: { type: 'location', label: t(lang, 'bousai:menu.sendLocation').slice(0, 20) },
  };
}

export function safetyItems(lang: Language): messagingApi.QuickReplyItem[] {
  const data = (what: string) => postbackData({ action: 'feature', feature: BOUSAI_FEATURE, do: what });
  return [
    postbackItem(t(lang, 'bousai:menu.safety'), data('safety')),
    postbackItem(t(lang, 'bousai:menu.proxy'), data('proxy')),
  ];
}

const NUMBER = /^-?[0-9]{1,3}\.[0-9]{1,8}$/;

/** The place a near button carries, or null for data it never sent. */
export function placeOf(fields: Record<string, string>): { latitude: number; longitude: number } | null {
  if (!NUMBER.test(fields.lat ?? '') || !NUMBER.test(fields.lon ?? '')) return null;
  const latitude = Number(fields.lat);
  const longitude = Number(fields.lon);
  if (Math.abs(latitude) > 90 || Math.abs(longitude) > 180) return null;
  return { latitude, longitude };
}
