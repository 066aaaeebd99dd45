// i18next set up once from src/i18n/locales; t() refuses unknown keys, because a missing key is a bug.
import i18next, { type i18n } from 'i18next';
import { DEFAULT_LANGUAGE, LANGUAGES, type Language } from './languages.ts';
import { DEFAULT_NAMESPACE, getResources, lookup } from './resources.ts';

export { isCancelWord } from './cancel-words.ts';
export { DEFAULT_LANGUAGE, isLanguage, LANGUAGES, type Language, languageFromProfile } from './languages.ts';

// Every language falls back through all the others, so t() fails only for a key missing everywhere;
// ja-easy falls back to ja first, since a Japanese reader understands it better than English.
const FALLBACK_LANGUAGES = {
  ja: ['ja-easy', 'en'],
  'ja-easy': ['ja', 'en'],
  en: ['ja', 'ja-easy'],
  default: ['ja'],
};

let instance: i18n | null = null;

function ensureInit(): i18n {
  if (instance) return instance;
  const { resources, namespaces } = getResources();
  const created = i18next.createInstance();
  // With bundled resources and initAsync false, init completes synchronously, so t() never waits.
  void created.init({
    resources,
    ns: namespaces,
    defaultNS: DEFAULT_NAMESPACE,
    lng: DEFAULT_LANGUAGE,
    fallbackLng: FALLBACK_LANGUAGES,
    supportedLngs: [...LANGUAGES],
    // Without this i18next canonicalises 'ja-easy' into the BCP-47 script form 'ja-Easy' and finds nothing.
    lowerCaseLng: true,
    initAsync: false,
    returnNull: false,
    returnEmptyString: false,
    // Plain text for LINE, not HTML; values are never scanned for $t() nesting or further {{…}}.
    interpolation: { escapeValue: false, skipOnVariables: true },
    missingInterpolationHandler: (text: string, match: RegExpExecArray | null) => {
      throw new Error(`missing value for ${match?.[0] ?? 'a placeholder'} in "${text}"`);
    },
  });
  if (!created.isInitialized) throw new Error('i18next did not initialise synchronously');
  instance = created;
  return created;
}

/** Loads every locale file; safe to call more than once. t() also initialises on first use. */
export async function initI18n(): Promise<void> {
  ensureInit();
}

/** The instance, for tests and tools that need i18next itself. */
export function getI18n(): i18n {
  return ensureInit();
}

// i18next's plural forms: `key_one`, `key_other` (and `key_zero`, used for a count of 0 in any language).
const PLURAL_SUFFIXES = ['zero', 'one', 'two', 'few', 'many', 'other'] as const;

/**
 * `key` may carry a namespace (`richmenu:items.faq.label`); without one it is in `common`.
 * With `lang`, true only if that language has the key itself (no fallback); plural forms count.
 */
export function hasKey(key: string, lang?: Language): boolean {
  const langs = lang ? [lang] : LANGUAGES;
  return langs.some((l) =>
    [key, ...PLURAL_SUFFIXES.map((s) => `${key}_${s}`)].some((k) => {
      const value = lookup(l, k);
      return (typeof value === 'string' && value !== '') || Array.isArray(value);
    }),
  );
}

/** The text for `key` in `lang` (falling back to another language); throws if no language has it. */
export function t(lang: Language, key: string, vars?: Record<string, string | number>): string {
  const i18n = ensureInit();
  if (!hasKey(key)) throw new Error(`missing translation key "${key}"`);
  if (LANGUAGES.some((l) => Array.isArray(lookup(l, key))))
    throw new Error(`translation key "${key}" is a list`);
  // Values go under `replace` so a variable named like an option (context, lng) stays a variable; a numeric
  // `count` also picks the plural form (`key_one` / `key_other`, `key_zero` for 0) where the language has them.
  const count = typeof vars?.count === 'number' ? { count: vars.count } : {};
  const text: unknown = i18n.t(key, { lng: lang, replace: vars ?? {}, ...count });
  if (typeof text !== 'string') throw new Error(`translation key "${key}" is not a text`);
  return text;
}
