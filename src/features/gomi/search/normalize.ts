// Folds the spellings residents type for one item to one form: NFKC (全角/半角), lower case, katakana →
// hiragana, small kana → full size, long-vowel marks and punctuation dropped (ソファー = そふぁ), and the words
// of a question around the item taken off (「ソファの捨て方」「電池は何ごみ？」 → the item).
// The same ideas as the generic src/search module (branch i13-faq), kept here until that module is on main.

const SMALL: Readonly<Record<string, string>> = {
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

function toHiragana(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    out += code >= 0x30a1 && code <= 0x30f6 ? String.fromCodePoint(code - 0x60) : char;
  }
  return out;
}

/** The canonical form of a name: no spaces, no punctuation, one kana script. */
export function normalizeName(text: string): string {
  return toHiragana(text.normalize('NFKC').toLowerCase())
    .replace(/[ーｰ〜～-]/g, '')
    .replace(/[ぁぃぅぇぉっゃゅょゎゕゖ]/g, (small) => SMALL[small] ?? small)
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

/** Question words around an item name (after normalizeName): 「〜の捨て方」「〜は何ごみ」「how to throw away 〜」. */
const QUESTION_TAIL =
  /(の|は|を|って|も)?(すてかた|捨て方|捨てかた|すてたい|捨てたい|すてる|捨てる|だしかた|出し方|だしたい|出したい|しよぶん|処分|なにごみ|何ごみ|なんごみ|何ゴミ|どうすれば|どうやつて|どうする|どこ|なに|何|ですか|か)+$/u;
const QUESTION_HEAD =
  /^(howtothrowaway|howdoithrowaway|howtodisposeof|howtodispose|whereto|what|how|throwaway|dispose)+/u;

/** The item a resident asked about, in canonical form. */
export function normalizeQuery(text: string): string {
  const name = normalizeName(text);
  const trimmed = name.replace(QUESTION_TAIL, '').replace(QUESTION_HEAD, '');
  return trimmed.length > 0 ? trimmed : name;
}

/** The character bigrams of a canonical form (a one-character form is its own bigram). */
export function bigrams(form: string): Set<string> {
  const chars = Array.from(form);
  if (chars.length < 2) return new Set(chars);
  const out = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i += 1) out.add(`${chars[i]}${chars[i + 1]}`);
  return out;
}
