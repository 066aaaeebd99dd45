// Groups similar questions so staff see 「粗大ごみの出し方」 asked 40 times as one line: greedy clustering on the
// Dice similarity of the questions' search tokens (the same bigrams the engine uses).
import { tokenize } from '../../../search/index.ts';

export interface GroupableQuestion {
  id: string;
  text: string;
  askedAt: Date;
  language: string;
}

export interface QuestionGroup<Q extends GroupableQuestion> {
  /** The first (newest) question of the group stands for it. */
  representative: Q;
  members: Q[];
}

/** Two questions sharing this share of their tokens are the same question. */
export const SAME_QUESTION = 0.5;

function dice(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let shared = 0;
  for (const token of a) if (b.has(token)) shared++;
  return (2 * shared) / (a.size + b.size);
}

/** Questions (newest first) → groups, the largest first (ties: the most recently asked first). */
export function groupQuestions<Q extends GroupableQuestion>(questions: readonly Q[]): QuestionGroup<Q>[] {
  const groups: { tokens: Set<string>; group: QuestionGroup<Q> }[] = [];
  for (const question of questions) {
    const tokens = new Set(tokenize(question.text));
    let best: { score: number; index: number } | null = null;
    groups.forEach((candidate, index) => {
      const score = dice(tokens, candidate.tokens);
      if (score >= SAME_QUESTION && (!best || score > best.score)) best = { score, index };
    });
    const found = best as { score: number; index: number } | null;
    const target = found ? groups[found.index] : undefined;
    if (target) target.group.members.push(question);
    else groups.push({ tokens, group: { representative: question, members: [question] } });
  }
  return groups
    .map((g) => g.group)
    .sort(
      (a, b) =>
        b.members.length - a.members.length ||
        b.representative.askedAt.getTime() - a.representative.askedAt.getTime(),
    );
}
