// Item search over one dataset: every item's names (品目, without its bracketed note, カナ, English) and
// synonyms, folded by normalizeName; a query scores by exact match, one name containing the other, then bigram
// overlap (typos, missing or extra characters). The best hits come back with a score in [0, 1].
import type { Item } from '../dataset/types.ts';
import { bigrams, normalizeName, normalizeQuery } from './normalize.ts';

export interface ItemHit {
  item: Item;
  score: number;
}

interface Key {
  item: number;
  form: string;
  grams: Set<string>;
  /** Names count a little more than synonyms when both match equally. */
  weight: number;
}

/** At or above this score the best hit is taken as the item asked about; below, it is offered as a guess. */
export const CONFIDENT_SCORE = 0.6;

function forms(item: Item): { form: string; weight: number }[] {
  const base = item.name.replace(/[（(][^）)]*[）)]/g, '');
  const names = [item.name, base, item.kana, item.nameEn].map((f) => ({ form: f, weight: 1 }));
  const synonyms = item.synonyms.map((f) => ({ form: f, weight: 0.97 }));
  const seen = new Set<string>();
  const out: { form: string; weight: number }[] = [];
  for (const { form, weight } of [...names, ...synonyms]) {
    const normal = normalizeName(form);
    if (normal.length === 0 || seen.has(normal)) continue;
    seen.add(normal);
    out.push({ form: normal, weight });
  }
  return out;
}

function dice(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const gram of a) if (b.has(gram)) shared += 1;
  return (2 * shared) / (a.size + b.size);
}

function similarity(query: string, queryGrams: Set<string>, key: Key): number {
  if (query === key.form) return 1;
  const q = query.length;
  const k = key.form.length;
  // 「ソファ」 in 「ソファベッド」: most of the key typed.
  if (q >= 2 && key.form.includes(query)) return 0.7 + 0.25 * (q / k);
  // 「古いソファ」 holds 「ソファ」: the item with words around it.
  if (k >= 2 && query.includes(key.form)) return 0.62 + 0.3 * (k / q);
  return 0.9 * dice(queryGrams, key.grams);
}

export class ItemSearch {
  private readonly items: readonly Item[];
  private readonly keys: Key[] = [];
  /** Bigram → the keys holding it: a key sharing no bigram with the query cannot score (containment included). */
  private readonly postings = new Map<string, number[]>();

  constructor(items: readonly Item[]) {
    this.items = items;
    items.forEach((item, index) => {
      for (const { form, weight } of forms(item)) {
        const key = this.keys.length;
        const grams = bigrams(form);
        this.keys.push({ item: index, form, grams, weight });
        for (const gram of grams) {
          const list = this.postings.get(gram);
          if (list) list.push(key);
          else this.postings.set(gram, [key]);
        }
      }
    });
  }

  /** The keys that share a bigram with the query (every key for a one-character query). */
  private candidates(grams: Set<string>, query: string): Iterable<Key> {
    if (Array.from(query).length < 2) return this.keys;
    const seen = new Set<number>();
    for (const gram of grams) for (const key of this.postings.get(gram) ?? []) seen.add(key);
    return [...seen].flatMap((i) => this.keys[i] ?? []);
  }

  /** The best `limit` items for what the resident typed, best first (none when nothing is close). */
  search(text: string, limit = 5): ItemHit[] {
    const query = normalizeQuery(text);
    if (query.length === 0) return [];
    const grams = bigrams(query);
    const best = new Map<number, number>();
    for (const key of this.candidates(grams, query)) {
      const score = similarity(query, grams, key) * key.weight;
      if (score < 0.2) continue;
      if (score > (best.get(key.item) ?? 0)) best.set(key.item, score);
    }
    return [...best]
      .sort((a, b) => b[1] - a[1] || a[0] - b[0])
      .slice(0, limit)
      .flatMap(([index, score]) => {
        const item = this.items[index];
        return item ? [{ item, score: Math.min(1, score) }] : [];
      });
  }
}
