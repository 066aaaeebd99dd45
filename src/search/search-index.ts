// An in-memory BM25 index over weighted fields of generic documents (FAQ entries, ごみ items, …), with query
// expansion by synonym groups and a confidence in [0, 1] that tells a real match from a chance one.
import { normalizeText } from './normalize.ts';
import { tokenize } from './tokenize.ts';

export interface SearchField {
  name: string;
  /** How much a match in this field counts (e.g. question 3, phrasings 2, answer 1). */
  weight: number;
}

export interface SearchDocument {
  id: string;
  /** Field name → its text (a list is indexed as one text, e.g. the alternative phrasings). */
  fields: Readonly<Record<string, string | readonly string[] | undefined>>;
}

export interface SearchOptions {
  fields: readonly SearchField[];
  /** Groups of words that mean the same (住民票 / じゅうみんひょう / resident record). */
  synonyms?: readonly (readonly string[])[];
  /** Weight of a token brought in by a synonym, relative to one typed (default 0.6). */
  synonymWeight?: number;
  k1?: number;
  b?: number;
  /** Share of a rare token's weight an unseen all-hiragana token has in the confidence (default 0.3). */
  unseenKanaWeight?: number;
  /**
   * Weight of an all-hiragana typed token in the ranking and the confidence (default 1). Below 1, the
   * particles and endings between words (「はどこ」「ますか」) count less than the words themselves.
   */
  kanaWeight?: number;
}

export interface SearchHit {
  id: string;
  score: number;
  /**
   * Share of the question's information found in this document: the IDF-weighted share of the query's tokens it
   * contains (a token the index never saw counts as rare). 1 = every meaningful token matched.
   */
  confidence: number;
}

interface Posting {
  doc: number;
  field: number;
  tf: number;
}

interface QueryToken {
  token: string;
  weight: number;
  /** Typed by the resident (counts for confidence) rather than added by a synonym. */
  typed: boolean;
}

export class SearchIndex {
  private readonly ids: string[] = [];
  private readonly postings = new Map<string, Posting[]>();
  private readonly documentFrequency = new Map<string, number>();
  /** fieldLengths[doc * fieldCount + field] */
  private readonly fieldLengths: number[] = [];
  private readonly averageLength: number[];
  private readonly synonymGroups: { forms: string[]; tokens: string[][] }[];
  private readonly fields: readonly SearchField[];
  private readonly k1: number;
  private readonly b: number;
  private readonly synonymWeight: number;
  private readonly unseenKanaWeight: number;
  private readonly kanaWeight: number;

  constructor(options: SearchOptions, documents: Iterable<SearchDocument>) {
    this.fields = options.fields;
    this.k1 = options.k1 ?? 1.2;
    this.b = options.b ?? 0.75;
    this.synonymWeight = options.synonymWeight ?? 0.6;
    this.unseenKanaWeight = options.unseenKanaWeight ?? 0.3;
    this.kanaWeight = options.kanaWeight ?? 1;
    const totals = this.fields.map(() => 0);
    for (const document of documents) {
      const doc = this.ids.length;
      this.ids.push(document.id);
      const seen = new Set<string>();
      this.fields.forEach((field, f) => {
        const value = document.fields[field.name];
        const text = typeof value === 'string' ? value : (value ?? []).join('\n');
        const tokens = tokenize(text);
        this.fieldLengths.push(tokens.length);
        totals[f] = (totals[f] ?? 0) + tokens.length;
        const counts = new Map<string, number>();
        for (const token of tokens) counts.set(token, (counts.get(token) ?? 0) + 1);
        for (const [token, tf] of counts) {
          let list = this.postings.get(token);
          if (!list) {
            list = [];
            this.postings.set(token, list);
          }
          list.push({ doc, field: f, tf });
          seen.add(token);
        }
      });
      for (const token of seen)
        this.documentFrequency.set(token, (this.documentFrequency.get(token) ?? 0) + 1);
    }
    this.averageLength = totals.map((total) => (this.ids.length ? total / this.ids.length : 0) || 1);
    this.synonymGroups = (options.synonyms ?? []).map((group) => ({
      forms: group.map(normalizeText).filter((form) => form.length > 0),
      tokens: group.map((form) => tokenize(form)),
    }));
  }

  get size(): number {
    return this.ids.length;
  }

  /** The best `limit` documents for `query`, best first; empty when nothing matches. */
  search(query: string, limit = 5): SearchHit[] {
    const { tokens, groups } = this.queryTokens(query);
    if (tokens.length === 0 || this.ids.length === 0) return [];
    const scores = new Map<number, number>();
    /** doc → indexes (in `tokens`) of the query tokens it contains. */
    const matched = new Map<number, Set<number>>();
    tokens.forEach(({ token, weight }, index) => {
      const list = this.postings.get(token);
      if (!list) return;
      const idf = this.idf(token);
      for (const { doc, field, tf } of list) {
        const length = this.fieldLengths[doc * this.fields.length + field] ?? 0;
        const norm = 1 - this.b + (this.b * length) / (this.averageLength[field] ?? 1);
        const fieldWeight = this.fields[field]?.weight ?? 1;
        const gain = weight * idf * fieldWeight * ((tf * (this.k1 + 1)) / (tf + this.k1 * norm));
        scores.set(doc, (scores.get(doc) ?? 0) + gain);
        let set = matched.get(doc);
        if (!set) {
          set = new Set();
          matched.set(doc, set);
        }
        set.add(index);
      }
    });
    const ranked = [...scores].sort(
      (a, b) => b[1] - a[1] || (this.ids[a[0]] ?? '').localeCompare(this.ids[b[0]] ?? ''),
    );
    const typedWeight = tokens.reduce((sum, t) => sum + (t.typed ? this.coverageWeight(t.token) : 0), 0);
    return ranked.slice(0, limit).map(([doc, score]) => {
      const has = matched.get(doc) ?? new Set<number>();
      let covered = 0;
      tokens.forEach((t, index) => {
        if (!t.typed) return;
        // A typed word is also covered when the document has a synonym of the form it belongs to.
        const viaSynonym = groups.some((g) => g.typed.has(index) && g.expansion.some((i) => has.has(i)));
        if (has.has(index) || viaSynonym) covered += this.coverageWeight(t.token);
      });
      return {
        id: this.ids[doc] ?? '',
        score,
        confidence: typedWeight > 0 ? Math.min(1, covered / typedWeight) : 0,
      };
    });
  }

  /** Rare tokens weigh more; one the index never saw weighs like one seen once (a typo or an unknown topic). */
  private idf(token: string): number {
    const count = this.ids.length;
    const df = Math.max(1, this.documentFrequency.get(token) ?? 0);
    return Math.log(1 + (count - df + 0.5) / (df + 0.5));
  }

  /**
   * How much a typed token counts for confidence: its IDF; a token the index never saw counts as rare unless it
   * is all hiragana (particles and endings such as 「はい」「うの」 between words), which counts a fraction.
   */
  private coverageWeight(token: string): number {
    const idf = this.idf(token);
    if (!HIRAGANA_ONLY.test(token)) return idf;
    return idf * (this.documentFrequency.has(token) ? this.kanaWeight : this.unseenKanaWeight);
  }

  /** The typed tokens, then the tokens synonyms add; each fired group names its typed and added tokens. */
  private queryTokens(query: string): { tokens: QueryToken[]; groups: FiredGroup[] } {
    const tokens: QueryToken[] = [];
    const position = new Map<string, number>();
    for (const token of tokenize(query)) {
      if (position.has(token)) continue;
      position.set(token, tokens.length);
      tokens.push({ token, weight: HIRAGANA_ONLY.test(token) ? this.kanaWeight : 1, typed: true });
    }
    const normalized = normalizeText(query);
    const groups: FiredGroup[] = [];
    for (const group of this.synonymGroups) {
      const fired: FiredGroup = { typed: new Set(), expansion: [] };
      group.forms.forEach((form, f) => {
        if (!containsForm(normalized, form)) return;
        for (const token of group.tokens[f] ?? []) {
          const index = position.get(token);
          if (index !== undefined) fired.typed.add(index);
        }
      });
      if (fired.typed.size === 0) continue;
      for (const formTokens of group.tokens) {
        for (const token of formTokens) {
          let index = position.get(token);
          if (index === undefined) {
            index = tokens.length;
            position.set(token, index);
            tokens.push({ token, weight: this.synonymWeight, typed: false });
          }
          if (!fired.typed.has(index)) fired.expansion.push(index);
        }
      }
      groups.push(fired);
    }
    return { tokens, groups };
  }
}

const HIRAGANA_ONLY = /^[\p{Script=Hiragana}]+$/u;

interface FiredGroup {
  /** Indexes of typed tokens that belong to a form of the group found in the query. */
  typed: Set<number>;
  /** Indexes of the tokens of the group's other forms. */
  expansion: number[];
}

/** Whether the normalised query contains the form: as a substring for Japanese, as whole words for Latin. */
function containsForm(normalized: string, form: string): boolean {
  if (/^[a-z0-9 ]+$/.test(form)) return ` ${normalized} `.includes(` ${form} `);
  return normalized.includes(form);
}
