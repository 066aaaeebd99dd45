// The disaster menu's texts from the `bousaiMenu` namespace, in exactly the asked language (baked into images).
import { hasKey, t } from '../../../i18n/index.ts';
import type { Language } from '../../../i18n/languages.ts';

export const DISASTER_MENU_NAMESPACE = 'bousaiMenu';

export function disasterMenuText(lang: Language, key: string): string {
  const fullKey = `${DISASTER_MENU_NAMESPACE}:${key}`;
  if (!hasKey(fullKey, lang))
    throw new Error(`missing disaster menu text "${fullKey}" for language "${lang}"`);
  return t(lang, fullKey);
}
