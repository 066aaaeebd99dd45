// Sends outbox messages, each answer at most once: a reply while the event's token is fresh (a reply whose outcome
// is unknown is settled by replying again, never by a push), otherwise a push with the message's retry key; never
// a push to a user who blocked the account. A delivery that LINE accepted is never sent again because recording it
// failed: the record is retried until the database takes it.
import { setTimeout as sleep } from 'node:timers/promises';
import type { messagingApi } from '@line/bot-sdk';
import type { FastifyBaseLogger } from 'fastify';
import type pg from 'pg';
import { GroupCommit } from '../db/group-commit.ts';
import { findUser } from '../users/user-repository.ts';
import type { OutboundMessage, SentRecord } from './outbox-repository.ts';
import { markFailedAttempt, markSent, markSkipped, markUnconfirmed } from './outbox-repository.ts';
import { settleReply } from './reply-settle.ts';

export interface MessageSender {
  reply(replyToken: string, messages: messagingApi.Message[]): Promise<void>;
  push(to: string, messages: messagingApi.Message[], retryKey: string): Promise<unknown>;
}

const MAX_ATTEMPTS = 8;

function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}

/** A 4xx other than 429 will fail the same way again; so will a message that breaks LINE's limits (a bug). */
function isPermanent(error: unknown): boolean {
  if ((error as { code?: unknown } | null)?.code === 'MESSAGE_LIMIT') return true;
  const status = statusOf(error);
  return status !== undefined && status >= 400 && status < 500 && status !== 429;
}

export interface Deliverer {
  deliver(item: OutboundMessage): Promise<void>;
  /** Waits for delivery records still being retried (after a database outage), for at most `ms`. */
  flush(ms: number): Promise<void>;
}

export function createDeliverer(input: {
  pool: pg.Pool;
  sender: MessageSender | undefined;
  log: FastifyBaseLogger;
  owner: string;
}): Deliverer {
  const { pool, sender, log, owner } = input;
  const sent = new GroupCommit<SentRecord, void>((rows) => markSent(pool, rows));
  const recording = new Set<Promise<void>>();

  /** LINE has it: record that until the database takes it (a crash meanwhile is settled by the next owner). */
  function recordSent(record: SentRecord): Promise<void> {
    const done = (async () => {
      for (let attempt = 0; ; attempt++) {
        try {
          await sent.add([record]);
          return;
        } catch (error) {
          if (attempt === 0) {
            log.warn({ err: error, outboundId: record.id }, 'delivered, but not recorded yet; retrying');
          }
          await sleep(Math.min(10_000, 250 * 2 ** attempt), undefined, { ref: false });
        }
      }
    })();
    recording.add(done);
    void done.finally(() => recording.delete(done));
    return attempt(done);
  }

  /** Waits briefly for the record, but not for an outage: the retrying continues in the background. */
  async function attempt(done: Promise<void>): Promise<void> {
    await Promise.race([done, sleep(5_000)]);
  }

  async function push(item: OutboundMessage): Promise<void> {
    if (!sender) throw new Error('no LINE channel is configured: the message waits until one is');
    if (item.toId.startsWith('U')) {
      const user = await findUser(pool, item.toId);
      if (user && !user.followed) {
        await markSkipped(pool, item.id, 'the user blocked the account');
        return;
      }
    }
    await sender.push(item.toId, item.messages, item.retryKey);
    await recordSent({ id: item.id, via: 'push' });
  }

  async function failed(item: OutboundMessage, error: unknown, keepReply: { uncertain: boolean } | null) {
    const giveUp = item.attempts >= MAX_ATTEMPTS || isPermanent(error);
    const retryIn = Math.min(600, 2 ** item.attempts * 5);
    log[giveUp ? 'error' : 'warn'](
      { err: error, outboundId: item.id, to: item.toId, attempts: item.attempts, giveUp },
      giveUp ? 'message could not be delivered; given up' : 'message delivery failed; will retry',
    );
    await markFailedAttempt(pool, {
      id: item.id,
      owner,
      error: (error as Error).message ?? String(error),
      giveUp,
      retryInSeconds: retryIn,
      keepReply,
    }).catch((dbError: unknown) =>
      // Leaving the row leased is safe: its lease runs out and it is taken over (a reply then re-checked).
      log.error({ err: dbError, outboundId: item.id }, 'could not record a failed delivery'),
    );
  }

  async function deliver(item: OutboundMessage): Promise<void> {
    if (!sender) {
      await failed(item, new Error('no LINE channel is configured: the message waits until one is'), null);
      return;
    }
    if (item.replyToken === null) {
      await push(item).catch((error: unknown) => failed(item, error, null));
      return;
    }
    const deadline = item.replyDeadline ?? new Date(0);
    if (Date.now() + 1_000 >= deadline.getTime()) {
      if (item.replyUncertain) {
        log.error(
          { outboundId: item.id, to: item.toId },
          'a reply may have been delivered before a crash and its token expired: not sent again',
        );
        await markUnconfirmed(
          pool,
          item.id,
          'reply outcome unknown; token expired before it could be checked',
        );
        return;
      }
      await push(item).catch((error: unknown) => failed(item, error, null));
      return;
    }
    const outcome = await settleReply((token, messages) => sender.reply(token, messages), {
      replyToken: item.replyToken,
      messages: item.messages,
      deadline,
      uncertain: item.replyUncertain,
    });
    switch (outcome.kind) {
      case 'delivered':
        await recordSent({ id: item.id, via: 'reply', note: outcome.note });
        return;
      case 'not-delivered':
        log.info({ outboundId: item.id, reason: outcome.reason }, 'reply not possible; pushing instead');
        await push(item).catch((error: unknown) => failed(item, error, null));
        return;
      case 'unknown':
        log.error({ outboundId: item.id, reason: outcome.reason }, 'reply outcome unknown: not sent again');
        await markUnconfirmed(pool, item.id, outcome.reason).catch((error: unknown) =>
          log.error({ err: error, outboundId: item.id }, 'could not record an unconfirmed reply'),
        );
        return;
      case 'failed':
        await failed(item, outcome.error, null);
        return;
    }
  }

  return {
    async deliver(item) {
      try {
        await deliver(item);
      } catch (error) {
        // Reached only when recording fails before anything was sent (e.g. the blocked-user check).
        await failed(item, error, item.replyToken ? { uncertain: item.replyUncertain } : null);
      }
    },
    async flush(ms) {
      await Promise.race([Promise.allSettled([...recording]), sleep(ms)]);
    },
  };
}
