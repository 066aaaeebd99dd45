// Recognises "cancel" typed in any supported language, however it is spelled (width, case, kana).
import { LANGUAGES } from './languages.ts';
import { lookup } from './resources.ts';

/** Folds full-width forms (ＣＡＮＣＥＬ), case, katakana/hiragana, spaces and trailing punctuation. */
export function normalizeWord(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u30a1-\u30f6]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0x60))
    .replace(/[。．.!！?？、,]+$/u, '')
    .replace(/\s+/gu, ' ')
    .trim();
}

let words: Set<string> | null = null;

function cancelWords(): Set<string> {
  if (words) return words;
  const all = new Set<string>();
  for (const lang of LANGUAGES) {
    const list = lookup(lang, 'common:cancelWords');
    if (!Array.isArray(list)) throw new Error(`common:cancelWords must be a list in ${lang}`);
    for (const word of list) if (typeof word === 'string') all.add(normalizeWord(word));
  }
  words = all;
  return all;
}

/** True when the whole message is a cancel word of any language (so a user can always get out of a flow). */
export function isCancelWord(text: string): boolean {
  const normalized = normalizeWord(text);
  return normalized.length > 0 && cancelWords().has(normalized);
}
