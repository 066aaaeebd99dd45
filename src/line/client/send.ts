// Sending messages: reply, push and multicast with retry keys, and reply falling back to push.
import type { messagingApi } from '@line/bot-sdk';
import { assertMessages } from '../message-limits.ts';
import { type LineApiError, toLineApiError } from './errors.ts';
import { type CallContext, callWithRetry } from './retry.ts';
import type { Messages, MulticastOptions, SendResult } from './types.ts';

export const MAX_MULTICAST = 500;

/** A 409 carrying x-line-accepted-request-id means this retry key was already delivered: success. */
function alreadyAccepted(error: LineApiError): SendResult | undefined {
  if (error.status !== 409 || !error.acceptedRequestId) return undefined;
  return { requestId: error.acceptedRequestId, alreadyAccepted: true };
}

export function createSender(api: messagingApi.MessagingApiClient, context: CallContext) {
  const { logger } = context;

  async function sendReply(replyToken: string, messages: Messages, fallingBack: boolean): Promise<void> {
    try {
      // No retry: a reply token works once, and a retried reply could only fail or duplicate.
      await api.replyMessage({ replyToken, messages: [...messages] });
    } catch (thrown) {
      const error = toLineApiError(thrown, 'reply');
      const log = { operation: 'reply', status: error.status, requestId: error.requestId, body: error.body };
      if (fallingBack) logger.warn(log, 'LINE reply failed; pushing instead');
      else logger.error(log, 'LINE reply failed');
      throw error;
    }
  }

  async function push(to: string, messages: Messages, retryKey: string): Promise<SendResult> {
    assertMessages(messages);
    return callWithRetry(
      'push',
      async () => {
        const { httpResponse } = await api.pushMessageWithHttpInfo({ to, messages: [...messages] }, retryKey);
        return {
          requestId: httpResponse.headers.get('x-line-request-id') ?? undefined,
          alreadyAccepted: false,
        };
      },
      context,
      alreadyAccepted,
    );
  }

  async function multicast(
    to: readonly string[],
    messages: Messages,
    retryKey: string,
    options: MulticastOptions = {},
  ): Promise<SendResult> {
    if (to.length > MAX_MULTICAST) {
      throw new RangeError(`multicast: ${to.length} recipients, LINE allows at most ${MAX_MULTICAST}`);
    }
    assertMessages(messages);
    if (to.length === 0) return { requestId: undefined, alreadyAccepted: false };
    return callWithRetry(
      'multicast',
      async () => {
        await options.beforeAttempt?.();
        const { httpResponse } = await api.multicastWithHttpInfo(
          { to: [...to], messages: [...messages] },
          retryKey,
        );
        return {
          requestId: httpResponse.headers.get('x-line-request-id') ?? undefined,
          alreadyAccepted: false,
        };
      },
      context,
      alreadyAccepted,
    );
  }

  return {
    async reply(replyToken: string, messages: Messages): Promise<void> {
      assertMessages(messages);
      await sendReply(replyToken, messages, false);
    },

    async replyOrPush(input: {
      to: string;
      replyToken?: string | undefined;
      messages: Messages;
      retryKey: string;
    }): Promise<{ via: 'reply' | 'push' }> {
      assertMessages(input.messages);
      if (input.replyToken) {
        try {
          await sendReply(input.replyToken, input.messages, true);
          return { via: 'reply' };
        } catch {
          // Already logged; an expired or spent token is normal after a slow job, so push instead.
        }
      }
      await push(input.to, input.messages, input.retryKey);
      return { via: 'push' };
    },

    push,
    multicast,
  };
}
