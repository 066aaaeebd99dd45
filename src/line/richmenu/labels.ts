// Rich menu texts from the `richmenu` i18n namespace; a key missing in the asked language is an error, since a
// menu printed in another language (i18next's fallback) would be baked into an image that is hard to replace.
import { hasKey, t } from '../../i18n/index.ts';
import type { Language } from '../../i18n/languages.ts';

export const RICHMENU_NAMESPACE = 'richmenu';

/** The text at a key such as `items.faq.label` in exactly `lang`, or undefined when that language lacks it. */
export function findRichMenuText(lang: Language, key: string): string | undefined {
  const fullKey = `${RICHMENU_NAMESPACE}:${key}`;
  return hasKey(fullKey, lang) ? t(lang, fullKey) : undefined;
}

export function richMenuText(lang: Language, key: string): string {
  const text = findRichMenuText(lang, key);
  if (text === undefined || text.trim() === '') {
    throw new Error(`missing rich menu text "${RICHMENU_NAMESPACE}:${key}" for language "${lang}"`);
  }
  return text;
}
