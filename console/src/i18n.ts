// Console strings per language: the shell's own (locales/*.json) and each feature's (its pages.ts messages,
// under `<feature>:`); Japanese first, English switchable, the choice kept in this browser.
import { useEffect, useState } from 'preact/hooks';
import en from './locales/en.json';
import ja from './locales/ja.json';

export type Language = 'ja' | 'en';
const STORAGE_KEY = 'lcp-console-language';

const dictionaries: Record<Language, Map<string, string>> = {
  ja: new Map(Object.entries(ja)),
  en: new Map(Object.entries(en)),
};

let current: Language = localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'ja';
const listeners = new Set<() => void>();

export function addMessages(
  namespace: string,
  messages: { ja: Record<string, string>; en: Record<string, string> },
) {
  for (const language of ['ja', 'en'] as const) {
    for (const [key, value] of Object.entries(messages[language])) {
      dictionaries[language].set(`${namespace}:${key}`, value);
    }
  }
}

export function language(): Language {
  return current;
}

export function setLanguage(next: Language): void {
  current = next;
  localStorage.setItem(STORAGE_KEY, next);
  document.documentElement.lang = next;
  for (const listener of listeners) listener();
}

/** The string for `key` in the current language ({name} placeholders filled); Japanese, then the key, if missing. */
export function t(key: string, values: Record<string, string | number> = {}): string {
  const text = dictionaries[current].get(key) ?? dictionaries.ja.get(key) ?? key;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

/** Re-renders the component when the language changes. */
export function useLanguage(): Language {
  const [, setTick] = useState(0);
  useEffect(() => {
    const listener = () => setTick((n) => n + 1);
    listeners.add(listener);
    return () => listeners.delete(listener);
  }, []);
  return current;
}

document.documentElement.lang = current;
