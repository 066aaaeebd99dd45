// 避難情報 templates, pre-translated in every language (bousaiAlerts namespace): the text each language's
// followers get for a template, an area (districts or the whole city) and the time it was issued.

import { t } from '../../../../i18n/index.ts';
import { LANGUAGES, type Language } from '../../../../i18n/languages.ts';
import { districtName } from '../../../childcare/districts.ts';

export const ALERT_TEMPLATES = [
  'emergency_safety',
  'evacuation_order',
  'elderly_evacuation',
  'shelter_opened',
  'lifted',
] as const;
export type AlertTemplate = (typeof ALERT_TEMPLATES)[number];

export type AlertTexts = Record<Language, string>;

const NS = 'bousaiAlerts';

/** City time parts (+09:00), without a date library: Japan has no daylight saving. */
function cityParts(at: Date): Record<'month' | 'day' | 'hour' | 'minute', string> {
  const city = new Date(at.getTime() + 9 * 3_600_000);
  return {
    month: String(city.getUTCMonth() + 1),
    day: String(city.getUTCDate()),
    hour: String(city.getUTCHours()),
    minute: String(city.getUTCMinutes()).padStart(2, '0'),
  };
}

export function areaText(lang: Language, districts: readonly string[] | null): string {
  if (!districts || districts.length === 0) return t(lang, `${NS}:wholeCity`);
  return districts.map((id) => districtName(id, lang) ?? id).join(t(lang, `${NS}:areaSeparator`));
}

/** The message text of every language, fixed when staff create the push. */
export function renderAlertTexts(
  template: AlertTemplate,
  districts: readonly string[] | null,
  at: Date,
): AlertTexts {
  const texts = {} as AlertTexts;
  for (const lang of LANGUAGES) {
    const time = t(lang, `${NS}:time`, cityParts(at));
    texts[lang] = t(lang, `${NS}:templates.${template}`, { time, area: areaText(lang, districts) });
  }
  return texts;
}

export function templateName(template: AlertTemplate, lang: Language): string {
  return t(lang, `${NS}:templateName.${template}`);
}
