// npm run bench:ask — time per question and the memory of the index at 2,000 entries: the shipped entries plus
// synthetic ones made by recombining their wording (so the vocabulary and lengths stay realistic).
import { readFileSync } from 'node:fs';
import { type FaqContent, type FaqEntry, loadFaqContent } from '../src/features/faq/content.ts';
import { FaqEngine } from '../src/features/faq/engine.ts';
import type { LabelledQuestion } from './faq/evaluate.ts';
import { percentile } from './support/stats.ts';

const TARGET = Number(process.env.ENTRIES ?? 2000);
const ROUNDS = 20;

const content = loadFaqContent();
const real = content.entries;

/** Entry `i` of the synthetic set: another entry's texts with words of a third mixed in. */
function synthetic(i: number): FaqEntry {
  const a = real[i % real.length] as FaqEntry;
  const b = real[(i * 7 + 3) % real.length] as FaqEntry;
  const mix = (x: string, y: string) =>
    `${x.slice(0, Math.ceil(x.length / 2))}${y.slice(Math.floor(y.length / 2))}`;
  const texts = Object.fromEntries(
    (['ja', 'en', 'ja-easy'] as const).map((lang) => {
      const ta = a.texts[lang] ?? a.texts.ja;
      const tb = b.texts[lang] ?? b.texts.ja;
      return [
        lang,
        {
          question: mix(ta.question, tb.question),
          phrasings: ta.phrasings.map((p, j) => mix(p, tb.phrasings[j] ?? tb.question)),
          answer: mix(ta.answer, tb.answer),
        },
      ];
    }),
  ) as FaqEntry['texts'];
  return { ...a, id: `synthetic-${i}`, texts };
}

const entries = [...real];
for (let i = 0; entries.length < TARGET; i++) entries.push(synthetic(i));
const big: FaqContent = { ...content, entries };

const questions = (
  JSON.parse(readFileSync(new URL('./faq/eval-questions.json', import.meta.url), 'utf8')) as {
    questions: LabelledQuestion[];
  }
).questions.map((q) => q.q);

const gc = (globalThis as { gc?: () => void }).gc;
gc?.();
const before = process.memoryUsage().heapUsed;
const buildStart = performance.now();
const engine = new FaqEngine(big);
const buildMs = performance.now() - buildStart;
gc?.();
const indexBytes = process.memoryUsage().heapUsed - before;

const times: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  for (const q of questions) {
    const start = performance.now();
    engine.ask(q);
    times.push(performance.now() - start);
  }
}
times.sort((x, y) => x - y);
console.log(
  `entries: ${entries.length} (${real.length} shipped + ${entries.length - real.length} synthetic)`,
);
console.log(`index build: ${buildMs.toFixed(0)} ms`);
console.log(
  `index memory: ${(indexBytes / 1024 / 1024).toFixed(1)} MB${gc ? '' : ' (approximate: run with --expose-gc)'}`,
);
console.log(
  `per question (${times.length} asks): p50 ${percentile(times, 50).toFixed(2)} ms, ` +
    `p99 ${percentile(times, 99).toFixed(2)} ms, max ${(times.at(-1) ?? 0).toFixed(2)} ms`,
);
