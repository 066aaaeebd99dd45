// Folds the spellings residents type for one item to one form with the platform's search normalisation
// (src/search: NFKC, lower case, katakana → hiragana, small kana, long-vowel marks; ソファー = そふぁ), spaces
// dropped, and the words of a question around the item taken off (「ソファの捨て方」「電池は何ごみ？」 → the item).
import { normalizeText } from '../../../search/index.ts';

/** The canonical form of a name: src/search's normalisation, then no spaces (ソファ ベッド = ソファベッド). */
export function normalizeName(text: string): string {
  return normalizeText(text.replace(/[-‐－]/g, '')).replace(/\s+/g, '');
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
