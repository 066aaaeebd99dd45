// Sends outbox messages: a reply while the event's token is fresh, otherwise (or if the reply fails) a push with
// the message's retry key; never a push to a user who blocked the account; failures wait and are retried.
import type { messagingApi } from '@line/bot-sdk';
import type { FastifyBaseLogger } from 'fastify';
import type pg from 'pg';
import { GroupCommit } from '../db/group-commit.ts';
import { findUser } from '../users/user-repository.ts';
import type { OutboundMessage } from './outbox-repository.ts';
import { markFailedAttempt, markSent, markSkipped } from './outbox-repository.ts';

export interface MessageSender {
  replyOrPush(input: {
    to: string;
    replyToken?: string | undefined;
    messages: messagingApi.Message[];
    retryKey: string;
  }): Promise<{ via: 'reply' | 'push' }>;
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
  deliver(item: OutboundMessage, options: { allowReply: boolean }): Promise<void>;
}

export function createDeliverer(
  pool: pg.Pool,
  sender: MessageSender | undefined,
  log: FastifyBaseLogger,
): Deliverer {
  const sent = new GroupCommit<{ id: string; via: 'reply' | 'push' }, void>((rows) => markSent(pool, rows));
  return {
    async deliver(item, { allowReply }) {
      try {
        if (!sender) throw new Error('no LINE channel is configured: the message waits until one is');
        const useReply = allowReply && item.replyToken !== null;
        if (!useReply && item.toId.startsWith('U')) {
          const user = await findUser(pool, item.toId);
          if (user && !user.followed) {
            await markSkipped(pool, item.id, 'the user blocked the account');
            return;
          }
        }
        let via: 'reply' | 'push' = 'push';
        if (useReply) {
          via = (
            await sender.replyOrPush({
              to: item.toId,
              replyToken: item.replyToken ?? undefined,
              messages: item.messages,
              retryKey: item.retryKey,
            })
          ).via;
        } else {
          await sender.push(item.toId, item.messages, item.retryKey);
        }
        await sent.add([{ id: item.id, via }]);
      } catch (error) {
        const giveUp = item.attempts >= MAX_ATTEMPTS || isPermanent(error);
        const retryIn = Math.min(600, 2 ** item.attempts * 5);
        log[giveUp ? 'error' : 'warn'](
          { err: error, outboundId: item.id, to: item.toId, attempts: item.attempts, giveUp },
          giveUp ? 'message could not be delivered; given up' : 'message delivery failed; will retry',
        );
        await markFailedAttempt(
          pool,
          item.id,
          (error as Error).message ?? String(error),
          giveUp,
          retryIn,
        ).catch((dbError: unknown) =>
          // Leaving the row leased is safe: the lease runs out and the sweeper takes it again.
          log.error({ err: dbError, outboundId: item.id }, 'could not record a failed delivery'),
        );
      }
    },
  };
}
