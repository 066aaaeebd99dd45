// npm run eval:ask — how well typed questions are answered, on a labelled set written apart from the content
// (bench/faq/eval-questions.json): ranking top-1 / top-3 / MRR, answers given with the threshold, refusals.
import { readFileSync } from 'node:fs';
import { loadFaqContent } from '../src/features/faq/content.ts';
import { FaqEngine } from '../src/features/faq/engine.ts';
import { evaluate, type LabelledQuestion } from './faq/evaluate.ts';

const set = JSON.parse(readFileSync(new URL('./faq/eval-questions.json', import.meta.url), 'utf8')) as {
  questions: LabelledQuestion[];
};
const engine = new FaqEngine(loadFaqContent());
const known = new Set([
  ...engine.content.entries.map((e) => e.id),
  ...engine.content.intents.map((i) => `intent:${i.id}`),
]);
for (const { q, expect } of set.questions) {
  for (const id of expect) if (!known.has(id)) throw new Error(`eval set: "${q}" expects unknown ${id}`);
}
const f = evaluate(engine, set.questions);
const pct = (n: number, d: number) => `${((100 * n) / Math.max(1, d)).toFixed(1)} %`;
const verbose = process.argv.includes('--misses');
if (verbose) {
  for (const miss of f.misses) {
    console.log(
      `${miss.refused ? 'refused' : 'answered'}  ${miss.q}  expect ${miss.expect.join('|') || '—'}  got ${miss.got.join(', ')}`,
    );
  }
  console.log('');
}
console.log(
  `questions: ${set.questions.length} (${f.answerable} answerable, ${f.noAnswer} without an answer)`,
);
console.log(
  `top-1: ${pct(f.top1, f.answerable)}   top-3: ${pct(f.top3, f.answerable)}   MRR: ${f.mrr.toFixed(3)}`,
);
console.log(
  `answered correctly: ${pct(f.answeredCorrectly, f.answerable)}   answered wrongly: ${pct(f.answeredWrongly, f.answerable)}   ` +
    `refused though answerable: ${pct(f.refusedAnswerable, f.answerable)}`,
);
console.log(`no-answer questions refused: ${pct(f.refusalsCorrect, f.noAnswer)}`);
console.log('targets: top-1 ≥ 85 %, refusals ≥ 80 %');
