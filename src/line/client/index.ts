// The project's LINE API client: checked, retried sends and reads on top of @line/bot-sdk.
import { messagingApi } from '@line/bot-sdk';
import { createReader } from './fetch.ts';
import { retryPolicy } from './retry.ts';
import { createSender } from './send.ts';
import type { LineClient, LineClientOptions } from './types.ts';

export { LineApiError } from './errors.ts';
export { MAX_MULTICAST } from './send.ts';
export type {
  LineClient,
  LineClientLogger,
  LineClientOptions,
  LineProfile,
  MessageContent,
  Messages,
  MulticastOptions,
  RetryOptions,
  SendResult,
} from './types.ts';

export function createLineClient(options: LineClientOptions): LineClient {
  const api = new messagingApi.MessagingApiClient({
    channelAccessToken: options.channelAccessToken,
    baseURL: options.apiBaseUrl,
  });
  const blob = new messagingApi.MessagingApiBlobClient({
    channelAccessToken: options.channelAccessToken,
    baseURL: options.dataApiBaseUrl,
  });
  const context = { policy: retryPolicy(options.retry), logger: options.logger };
  return { ...createSender(api, context), ...createReader(api, blob, context), api, blob };
}
