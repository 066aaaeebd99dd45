// Reading from LINE: user profiles and message content, plus the best-effort loading animation.
import type { Readable } from 'node:stream';
import type { messagingApi } from '@line/bot-sdk';
import type { LineApiError } from './errors.ts';
import { type CallContext, callWithRetry } from './retry.ts';
import type { LineProfile, MessageContent } from './types.ts';

// `undefined` tells callWithRetry "not settled"; null is the settled "not found" result.
const notFound =
  (...statuses: number[]) =>
  (error: LineApiError): null | undefined =>
    statuses.includes(error.status) ? null : undefined;

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/** LINE accepts 5 to 60 seconds in steps of 5. */
export function loadingSeconds(seconds: number): number {
  const stepped = Math.ceil((Number.isFinite(seconds) ? seconds : 20) / 5) * 5;
  return Math.min(60, Math.max(5, stepped));
}

export function createReader(
  api: messagingApi.MessagingApiClient,
  blob: messagingApi.MessagingApiBlobClient,
  context: CallContext,
) {
  return {
    async getProfile(userId: string): Promise<LineProfile | null> {
      const profile = await callWithRetry('getProfile', () => api.getProfile(userId), context, notFound(404));
      if (profile === null) return null;
      return {
        userId: profile.userId,
        displayName: profile.displayName,
        ...(profile.language ? { language: profile.language } : {}),
        ...(profile.pictureUrl ? { pictureUrl: profile.pictureUrl } : {}),
      };
    },

    async getMessageContent(messageId: string): Promise<MessageContent | null> {
      return callWithRetry(
        'getMessageContent',
        async () => {
          const { httpResponse, body } = await blob.getMessageContentWithHttpInfo(messageId);
          const contentType = httpResponse.headers.get('content-type') ?? 'application/octet-stream';
          // Read inside the attempt so a connection dropped mid-download is retried too.
          return { contentType, data: await readAll(body) };
        },
        context,
        notFound(404, 410),
      );
    },

    async startLoading(chatId: string, seconds: number): Promise<void> {
      try {
        await api.showLoadingAnimation({ chatId, loadingSeconds: loadingSeconds(seconds) });
      } catch (error) {
        // Only a nicety for the user: a failure here must never stop the answer itself.
        context.logger.warn({ err: error, chatId }, 'LINE loading animation failed');
      }
    },
  };
}
