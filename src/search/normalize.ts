// Japanese-aware text normalisation for search: the same spelling variants (全角/半角, カタカナ/ひらがな, ー, small
// kana, case) fold to one form, so a resident's typing and the content meet whatever keyboard they used.

const SMALL_KANA: Readonly<Record<string, string>> = {
  ぁ: 'あ',
  ぃ: 'い',
  ぅ: 'う',
  ぇ: 'え',
  ぉ: 'お',
  っ: 'つ',
  ゃ: 'や',
  ゅ: 'ゆ',
  ょ: 'よ',
  ゎ: 'わ',
  ゕ: 'か',
  ゖ: 'け',
};

/** Long-vowel marks and the wave dashes people type for them (コーヒー, コ〜ヒ〜) are dropped: サーバー = サーバ. */
const LONG_VOWEL = /[ーｰ〜～]/g;
/** Anything that is not a letter or a digit separates words. */
const SEPARATOR = /[^\p{L}\p{N}]+/gu;

/** Katakana → hiragana (ァ..ヶ are ぁ..ゖ shifted by 0x60); ヽヾ iteration marks too. */
function toHiragana(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    out +=
      (code >= 0x30a1 && code <= 0x30f6) || code === 0x30fd || code === 0x30fe
        ? String.fromCodePoint(code - 0x60)
        : char;
  }
  return out;
}

/**
 * One canonical form: NFKC (full-width Latin and digits → ASCII, half-width カナ → full-width), lower case,
 * katakana folded to hiragana, small kana to their full size, long-vowel marks removed, punctuation → one space.
 */
export function normalizeText(text: string): string {
  const folded = toHiragana(text.normalize('NFKC').toLowerCase())
    .replace(LONG_VOWEL, '')
    .replace(/[ぁぃぅぇぉっゃゅょゎゕゖ]/g, (small) => SMALL_KANA[small] ?? small);
  return folded.replace(SEPARATOR, ' ').trim();
}
