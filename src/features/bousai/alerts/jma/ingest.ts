// The job `bousai.jma`: reads the JMA Atom feed, records new entries of the watched kinds, reads each one's
// document and applies the rules: `enter` switches the account into disaster mode (source jma), `confirm` asks
// the on-duty staff (a push to each, and the match waits in the staff API). Each entry is handled once across
// instances; documents are read outside transactions (the embedded database has one connection).
import type { FastifyBaseLogger } from 'fastify';
import type pg from 'pg';
import { transact } from '../../../../db/transact.ts';
import { t } from '../../../../i18n/index.ts';
import { createPollingLoop } from '../../../../jobs/polling-loop.ts';
import { currentMenuMode } from '../../../../line/richmenu/mode.ts';
import { enqueuePush } from '../../../../outbox/outbox-repository.ts';
import type { FeatureJob } from '../../../contract.ts';
import { requestSwitch } from '../mode/repository.ts';
import { parseJmaDocument } from './document.ts';
import { isWatched, parseFeed } from './feed.ts';
import {
  entryFailed,
  insertMatch,
  lockPendingEntry,
  markEntry,
  pendingEntries,
  recordEntries,
} from './repository.ts';
import { type JmaRules, loadJmaRules, matchRules } from './rules.ts';

export const JMA_JOB = 'bousai.jma';

/** Reads a URL as text; tests pass stored fixtures (no network in tests). */
export type FetchText = (url: string) => Promise<string>;

export const fetchText: FetchText = async (url) => {
  const response = await fetch(url, {
    signal: AbortSignal.timeout(15_000),
    headers: { accept: 'application/xml' },
  });
  if (!response.ok) throw new Error(`GET ${url}: ${response.status}`);
  return response.text();
};

export interface JmaIngestOptions {
  feedUrl: string | undefined;
  pollMs: number;
  onDutyLineUserIds: readonly string[];
  now?: () => Date;
  fetch?: FetchText;
  rules?: JmaRules;
  /** After a switch was requested or staff were asked (wakes the mode switch and the outbox). */
  onAction?: () => void;
}

export interface JmaRound {
  newEntries: number;
  handled: number;
  entered: number;
  awaiting: number;
}

export function createJmaIngest(
  services: { pool: pg.Pool; log: FastifyBaseLogger },
  options: JmaIngestOptions,
): FeatureJob & { runOnce(now?: Date): Promise<JmaRound> } {
  const { pool, log } = services;
  const read = options.fetch ?? fetchText;
  const rules = options.rules ?? loadJmaRules();

  async function handle(
    entryId: string,
    xml: string,
    now: Date,
  ): Promise<{ entered: number; awaiting: number }> {
    const doc = parseJmaDocument(xml);
    const matches = doc ? matchRules(doc, rules) : [];
    return transact(pool, async (tx) => {
      if (!(await lockPendingEntry(tx, entryId))) return { entered: 0, awaiting: 0 };
      let entered = 0;
      let awaiting = 0;
      for (const match of matches) {
        const inDisaster = (await currentMenuMode(tx)) === 'disaster';
        let status: 'entered' | 'awaiting' | 'already' = inDisaster
          ? 'already'
          : match.action === 'enter'
            ? 'entered'
            : 'awaiting';
        if (status === 'entered') {
          const requested = await requestSwitch(tx, {
            target: 'disaster',
            source: 'jma',
            reason: `JMA: ${match.summary}`,
            disasterTitle: match.summary,
            now,
          });
          if (!requested.changed) status = 'already';
        }
        const id = await insertMatch(tx, { entryId, ...match, status, now });
        if (!id) continue;
        if (status === 'entered') entered += 1;
        if (status === 'awaiting') {
          awaiting += 1;
          for (const toId of options.onDutyLineUserIds) {
            await enqueuePush(tx, {
              toId,
              messages: [{ type: 'text', text: t('ja', 'bousaiAlerts:onDuty', { summary: match.summary }) }],
            });
          }
        }
        log.warn({ entryId, rule: match.ruleId, status }, 'JMA information matched a disaster-mode rule');
      }
      await markEntry(tx, entryId, doc ? 'done' : 'ignored', now);
      return { entered, awaiting };
    });
  }

  async function round(now: Date): Promise<JmaRound> {
    const result: JmaRound = { newEntries: 0, handled: 0, entered: 0, awaiting: 0 };
    if (!options.feedUrl) return result;
    const entries = parseFeed(await read(options.feedUrl)).filter(isWatched);
    result.newEntries = await recordEntries(pool, entries, now);
    for (const entry of await pendingEntries(pool)) {
      let xml: string;
      try {
        xml = await read(entry.link);
      } catch (error) {
        log.warn({ entryId: entry.entryId, err: error }, 'JMA document not read; trying again next round');
        await entryFailed(pool, entry.entryId, (error as Error).message);
        continue;
      }
      try {
        const done = await handle(entry.entryId, xml, now);
        result.handled += 1;
        result.entered += done.entered;
        result.awaiting += done.awaiting;
      } catch (error) {
        log.warn({ entryId: entry.entryId, err: error }, 'JMA document not handled');
        await entryFailed(pool, entry.entryId, (error as Error).message);
      }
    }
    if (result.entered + result.awaiting > 0) options.onAction?.();
    return result;
  }

  const loop = createPollingLoop({ name: JMA_JOB, pollMs: options.pollMs, log, now: options.now, round });
  return {
    name: JMA_JOB,
    start() {
      if (options.feedUrl) loop.start();
    },
    stop: () => loop.stop(),
    runOnce: (now?: Date) => loop.runOnce(now),
  };
}
