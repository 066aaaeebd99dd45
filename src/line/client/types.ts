// Public types of the project's LINE API client.
import type { messagingApi } from '@line/bot-sdk';

/** The subset of a pino/Fastify logger the client uses. */
export interface LineClientLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface RetryOptions {
  /** Attempts in total, the first included; default 5. */
  maxAttempts?: number;
  /** First backoff ceiling; default 200 ms. */
  baseDelayMs?: number;
  /** Backoff ceiling; default 5000 ms. */
  maxDelayMs?: number;
}

export interface LineClientOptions {
  channelAccessToken: string;
  /** https://api.line.me, or the emulator's baseUrl. */
  apiBaseUrl: string;
  /** https://api-data.line.me, or the emulator's baseUrl. */
  dataApiBaseUrl: string;
  logger: LineClientLogger;
  retry?: RetryOptions;
}

export interface LineProfile {
  userId: string;
  displayName: string;
  language?: string;
  pictureUrl?: string;
}

export interface MessageContent {
  contentType: string;
  data: Buffer;
}

export interface SendResult {
  /** LINE's x-line-request-id of the accepted request (the earlier one when already accepted). */
  requestId: string | undefined;
  /** True when LINE answered 409: this retry key was already delivered, nothing was sent twice. */
  alreadyAccepted: boolean;
}

export type Messages = readonly messagingApi.Message[];

export interface LineClient {
  /** Throws MessageLimitError before any call when a message breaks LINE's limits; LineApiError on failure. */
  reply(replyToken: string, messages: Messages): Promise<void>;
  /** Replies when a token is given and still works, otherwise pushes with the retry key. */
  replyOrPush(input: {
    to: string;
    replyToken?: string | undefined;
    messages: Messages;
    retryKey: string;
  }): Promise<{ via: 'reply' | 'push' }>;
  push(to: string, messages: Messages, retryKey: string): Promise<SendResult>;
  /** At most 500 recipients; an empty list sends nothing. */
  multicast(
    to: readonly string[],
    messages: Messages,
    retryKey: string,
    options?: MulticastOptions,
  ): Promise<SendResult>;
  /** null when LINE does not know the user or the user blocked the account. */
  getProfile(userId: string): Promise<LineProfile | null>;
  /** null when the content is gone (404) or was unsent (410). */
  getMessageContent(messageId: string): Promise<MessageContent | null>;
  /** Best effort: never throws. Seconds are rounded up to LINE's 5–60 steps of 5. */
  startLoading(chatId: string, seconds: number): Promise<void>;
  /** The raw SDK clients, e.g. for the rich-menu deploy tool. */
  readonly api: messagingApi.MessagingApiClient;
  readonly blob: messagingApi.MessagingApiBlobClient;
}

export interface MulticastOptions {
  /** Awaited before every attempt, retries included: where a caller keeps under LINE's rate limit. */
  beforeAttempt?: () => Promise<void>;
}
