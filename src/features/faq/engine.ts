// Answers a typed question from the content: an intent that routes to a feature, a confident entry, or an
// honest "not sure" with the closest entries. Pure and in-process (src/search): rebuilt whenever content changes.
import { LANGUAGES } from '../../i18n/languages.ts';
import { SearchIndex } from '../../search/index.ts';
import type { FaqContent, FaqEntry, FaqIntent } from './content.ts';

/** Below this share of the question found in the best entry, the answer is "I don't know". */
export const ANSWER_CONFIDENCE = 0.45;
/** An intent routes only when the question is (almost) all intent: 予約したい, not 体育館を予約したい. */
export const INTENT_CONFIDENCE = 0.8;

const ENTRY_FIELDS = [
  { name: 'question', weight: 3 },
  { name: 'phrasings', weight: 2.5 },
  { name: 'answer', weight: 1 },
];

export type AskResult =
  | { kind: 'intent'; intent: FaqIntent; confidence: number }
  | { kind: 'answer'; entry: FaqEntry; confidence: number; next: FaqEntry[] }
  | { kind: 'unknown'; closest: FaqEntry[]; confidence: number };

export interface RankedEntry {
  entry: FaqEntry;
  score: number;
  confidence: number;
}

export class FaqEngine {
  readonly content: FaqContent;
  private readonly entries: SearchIndex;
  private readonly intents: SearchIndex;
  private readonly byId: Map<string, FaqEntry>;
  private readonly intentById: Map<string, FaqIntent>;

  constructor(content: FaqContent) {
    this.content = content;
    this.byId = new Map(content.entries.map((entry) => [entry.id, entry]));
    this.intentById = new Map(content.intents.map((intent) => [intent.id, intent]));
    // One index over every language: Japanese bigrams and English words do not collide, and a question typed
    // in Japanese by an English-speaking resident still finds the entry (answered in their language).
    this.entries = new SearchIndex(
      { fields: ENTRY_FIELDS, synonyms: content.synonyms, kanaWeight: 0.6 },
      content.entries.map((entry) => {
        const texts = LANGUAGES.map((lang) => entry.texts[lang]).filter((t) => t !== undefined);
        return {
          id: entry.id,
          fields: {
            question: texts.map((t) => t.question),
            phrasings: texts.flatMap((t) => t.phrasings),
            answer: texts.map((t) => t.answer),
          },
        };
      }),
    );
    this.intents = new SearchIndex(
      { fields: [{ name: 'phrases', weight: 1 }], synonyms: content.synonyms },
      content.intents.map((intent) => ({
        id: intent.id,
        fields: { phrases: LANGUAGES.flatMap((lang) => intent.phrases[lang]) },
      })),
    );
  }

  entry(id: string): FaqEntry | undefined {
    return this.byId.get(id);
  }

  /** The best entries for a question, best first. */
  rank(question: string, limit = 5): RankedEntry[] {
    return this.entries.search(question, limit).flatMap((hit) => {
      const entry = this.byId.get(hit.id);
      return entry ? [{ entry, score: hit.score, confidence: hit.confidence }] : [];
    });
  }

  /**
   * What to do with a typed question. `available` says whether an intent's target exists in this app (a
   * feature switched off or not built yet is skipped, and the question is answered from the entries).
   */
  ask(question: string, available: (intent: FaqIntent) => boolean = () => true): AskResult {
    for (const hit of this.intents.search(question, 3)) {
      if (hit.confidence < INTENT_CONFIDENCE) break;
      const intent = this.intentById.get(hit.id);
      if (intent && available(intent)) return { kind: 'intent', intent, confidence: hit.confidence };
    }
    const ranked = this.rank(question, 4);
    const best = ranked[0];
    if (best && best.confidence >= ANSWER_CONFIDENCE) {
      return {
        kind: 'answer',
        entry: best.entry,
        confidence: best.confidence,
        next: ranked.slice(1, 3).map((r) => r.entry),
      };
    }
    return {
      kind: 'unknown',
      closest: ranked.slice(0, 3).map((r) => r.entry),
      confidence: best?.confidence ?? 0,
    };
  }
}
