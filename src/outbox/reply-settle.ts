// Settles a reply: LINE's reply token works once, so replying again with the same token can never deliver twice.
// That makes a reply whose outcome is unknown (a crash, a lost connection, a 5xx) safe to retry: a spent token
// (400) then proves the earlier attempt arrived. A push is only chosen when no reply can have arrived.
import { setTimeout as sleep } from 'node:timers/promises';
import type { messagingApi } from '@line/bot-sdk';
import { toLineApiError } from '../line/client/errors.ts';

export type ReplyOutcome =
  | { kind: 'delivered'; note?: string }
  /** No reply arrived: the message may be pushed instead. */
  | { kind: 'not-delivered'; reason: string }
  /** A reply may have arrived and the token can no longer tell: never push it as well. */
  | { kind: 'unknown'; reason: string }
  /** Not about the token (authentication, a refused message): the delivery fails as any other would. */
  | { kind: 'failed'; error: unknown };

export interface ReplySettleInput {
  replyToken: string;
  messages: messagingApi.Message[];
  deadline: Date;
  /**
   * Strong doubt: an earlier attempt may have reached LINE (the sender died mid-send, or a request got no answer).
   */
  uncertain: boolean;
}

/** Connection errors that prove the request never reached LINE. */
const NEVER_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);

function causeCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'LINE_API') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

const FIRST_RETRY_MS = 250;
const MAX_RETRY_MS = 8_000;

export async function settleReply(
  reply: (replyToken: string, messages: messagingApi.Message[]) => Promise<void>,
  input: ReplySettleInput,
  now: () => number = Date.now,
): Promise<ReplyOutcome> {
  // Strong doubt: the request may have been delivered. Weak doubt: LINE answered 5xx, which usually means it was
  // not, but a 400 afterwards would still mean it was.
  let strongDoubt = input.uncertain;
  let weakDoubt = false;
  for (let attempt = 1; ; attempt++) {
    try {
      await reply(input.replyToken, input.messages);
      return { kind: 'delivered' };
    } catch (thrown) {
      const error = toLineApiError(thrown, 'reply');
      if (error.status === 400) {
        if (strongDoubt || weakDoubt) {
          return {
            kind: 'delivered',
            note: 'reply token already spent: the earlier reply attempt was delivered',
          };
        }
        return { kind: 'not-delivered', reason: 'reply token refused (expired or invalid)' };
      }
      if (error.status === 0) {
        if (!NEVER_SENT.has(causeCode(error) ?? '')) strongDoubt = true;
      } else if (error.status >= 500) {
        weakDoubt = true;
      } else if (error.status !== 429) {
        return { kind: 'failed', error };
      }
      const delay = Math.min(
        MAX_RETRY_MS,
        Math.max(error.retryAfterMs ?? 0, FIRST_RETRY_MS * 2 ** (attempt - 1)),
      );
      // A token used right at its deadline might be refused for age, which would read as "spent": stop early.
      if (now() + delay + 1_000 >= input.deadline.getTime()) {
        return strongDoubt
          ? { kind: 'unknown', reason: `reply outcome unknown and its token expired (${error.message})` }
          : {
              kind: 'not-delivered',
              reason: `reply kept failing until its token expired (${error.message})`,
            };
      }
      await sleep(delay);
    }
  }
}
