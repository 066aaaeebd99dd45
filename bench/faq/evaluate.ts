// Scores the question engine on the labelled set: top-1 / top-3 / MRR of the ranking, answered-correctly with
// the confidence threshold, and the share of no-answer questions honestly refused. Shared by eval:ask and tests.
import type { FaqEngine } from '../../src/features/faq/engine.ts';

export interface LabelledQuestion {
  q: string;
  /** Acceptable answers: entry ids or `intent:<id>`; empty = the content has no answer. */
  expect: string[];
}

export interface EvalFigures {
  answerable: number;
  noAnswer: number;
  top1: number;
  top3: number;
  mrr: number;
  answeredCorrectly: number;
  answeredWrongly: number;
  refusedAnswerable: number;
  refusalsCorrect: number;
  misses: { q: string; expect: string[]; got: string[]; refused: boolean }[];
}

/** The ranked ids the engine gives for a question: the intent it routes to first (if any), then entries. */
export function rankedIds(
  engine: FaqEngine,
  q: string,
): { ids: string[]; refused: boolean; first: string | null } {
  const result = engine.ask(q);
  const entries = engine.rank(q, 5).map((r) => r.entry.id);
  if (result.kind === 'intent') {
    return {
      ids: [`intent:${result.intent.id}`, ...entries],
      refused: false,
      first: `intent:${result.intent.id}`,
    };
  }
  return {
    ids: entries,
    refused: result.kind === 'unknown',
    first: result.kind === 'answer' ? result.entry.id : null,
  };
}

export function evaluate(engine: FaqEngine, questions: readonly LabelledQuestion[]): EvalFigures {
  const figures: EvalFigures = {
    answerable: 0,
    noAnswer: 0,
    top1: 0,
    top3: 0,
    mrr: 0,
    answeredCorrectly: 0,
    answeredWrongly: 0,
    refusedAnswerable: 0,
    refusalsCorrect: 0,
    misses: [],
  };
  for (const { q, expect } of questions) {
    const { ids, refused, first } = rankedIds(engine, q);
    if (expect.length === 0) {
      figures.noAnswer++;
      if (refused) figures.refusalsCorrect++;
      else figures.misses.push({ q, expect, got: ids.slice(0, 3), refused });
      continue;
    }
    figures.answerable++;
    const rank = ids.findIndex((id) => expect.includes(id));
    if (rank === 0) figures.top1++;
    if (rank >= 0 && rank < 3) figures.top3++;
    if (rank >= 0) figures.mrr += 1 / (rank + 1);
    if (refused) figures.refusedAnswerable++;
    else if (first && expect.includes(first)) figures.answeredCorrectly++;
    else figures.answeredWrongly++;
    if (rank !== 0 || refused) figures.misses.push({ q, expect, got: ids.slice(0, 3), refused });
  }
  figures.mrr = figures.answerable ? figures.mrr / figures.answerable : 0;
  return figures;
}
