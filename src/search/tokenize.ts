// Tokens for the index: character bigrams for Japanese (no dictionary or model to download, robust to typos and
// to missing word boundaries) and whole words for Latin text, after normalizeText.
import { normalizeText } from './normalize.ts';

/** Letters of scripts written without spaces (kana, kanji). */
const JAPANESE = /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}々〆]/u;
const RUN =
  /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}々〆]+|[^\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}々〆\s]+/gu;

/** English words that carry no meaning for a question; dropped so "how do I" never matches an answer. */
const STOPWORDS = new Set(
  (
    'a an the and or of to in on at for by with from is are was were be been am do does did i me my we our you ' +
    'your it its this that there what when where which who how can could should would will shall may please ' +
    'want need get have has had about if not no'
  ).split(' '),
);

/** Very light English stemming: plural and -ing/-ed endings, enough for "taxes" ~ "tax", "moving" ~ "move". */
function stem(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 4 && word.endsWith('es') && /(s|x|z|ch|sh)es$/.test(word)) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  if (word.length > 5 && word.endsWith('ing')) return word.slice(0, -3);
  if (word.length > 4 && word.endsWith('ed')) return word.slice(0, -2);
  return word;
}

/** Tokens of one text, in order, repeats kept (term frequency matters for ranking). */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  for (const match of normalizeText(text).matchAll(RUN)) {
    const run = match[0];
    if (JAPANESE.test(run)) {
      const chars = Array.from(run);
      if (chars.length === 1) tokens.push(run);
      for (let i = 0; i + 1 < chars.length; i++) tokens.push(`${chars[i]}${chars[i + 1]}`);
    } else if (!STOPWORDS.has(run)) {
      tokens.push(stem(run));
    }
  }
  return tokens;
}
