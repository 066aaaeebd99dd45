// The languages residents can choose; 'ja-easy' is やさしい日本語 (easy Japanese).
export const LANGUAGES = ['ja', 'en', 'ja-easy'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'ja';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** Maps a LINE profile language (BCP-47, e.g. "en-US", "ja") to a supported language. */
export function languageFromProfile(tag: string | undefined): Language {
  if (!tag) return DEFAULT_LANGUAGE;
  const primary = tag.toLowerCase().split('-')[0];
  if (primary === 'en') return 'en';
  return DEFAULT_LANGUAGE;
}
