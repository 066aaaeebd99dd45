// Public types of the local LINE Messaging API emulator (used by tests and the browser simulator).
import type { FastifyBaseLogger } from 'fastify';

export interface LineEmulatorOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** When set, every call must carry `Authorization: Bearer <token>` or gets 401. */
  channelAccessToken?: string;
  /** How long an issued reply token stays usable; LINE allows about a minute. */
  replyTokenTtlMs?: number;
  /** A pino-like logger for the emulator's own Fastify instance, or true for a default one. */
  logger?: FastifyBaseLogger | boolean;
}

export interface EmulatorUser {
  userId: string;
  displayName: string;
  language?: string;
  pictureUrl?: string;
  blocked: boolean;
}

export interface LineErrorDetail {
  message: string;
  property: string;
}

export interface LineErrorBody {
  message: string;
  details?: LineErrorDetail[];
  sentMessages?: { id: string }[];
}

export interface RecordedRequest {
  requestId: string;
  method: string;
  /** Path without the query string. */
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON, a Buffer for binary uploads, or undefined. */
  body: unknown;
  at: Date;
  /** The status the emulator answered. */
  status: number;
}

/** A request the emulator refused because its body breaks LINE's rules (what LINE would refuse too). */
export interface RejectedRequest {
  requestId: string;
  method: string;
  path: string;
  body: unknown;
  details: LineErrorDetail[];
  at: Date;
}

export type DeliveryKind = 'reply' | 'push' | 'multicast';

export interface Delivery {
  kind: DeliveryKind;
  userId: string;
  messages: unknown[];
  retryKey?: string;
  requestId: string;
  at: Date;
}

export type DeliveryListener = (delivery: Delivery) => void;

export interface FailureRule {
  method?: string;
  path: string | RegExp;
  status: number;
  /** How many matching calls fail; default 1. */
  times?: number;
  headers?: Record<string, string>;
  /** Handle the call normally (deliver, remember the retry key), then answer `status` anyway. */
  deliverThenFail?: boolean;
}

export interface RichMenuSize {
  width: number;
  height: number;
}

export interface StoredRichMenu {
  richMenuId: string;
  size: RichMenuSize;
  selected: boolean;
  name: string;
  chatBarText: string;
  areas: unknown[];
  image: { data: Buffer; contentType: string } | null;
}

export interface LineEmulator {
  readonly baseUrl: string;
  close(): Promise<void>;

  addUser(user: { userId: string; displayName: string; language?: string; pictureUrl?: string }): void;
  setBlocked(userId: string, blocked: boolean): void;
  issueReplyToken(userId: string): string;
  setContent(messageId: string, body: Buffer, contentType: string): void;
  failNext(rule: FailureRule): void;

  readonly requests: readonly RecordedRequest[];
  readonly rejected: readonly RejectedRequest[];
  readonly deliveries: readonly Delivery[];
  messagesFor(userId: string): unknown[];
  /** Returns a function that unsubscribes. */
  onDelivery(listener: DeliveryListener): () => void;
  /** Clears requests, rejected, deliveries, pending failures and remembered retry keys. */
  reset(): void;

  readonly richMenus: ReadonlyMap<string, StoredRichMenu>;
  /** alias id → rich menu id */
  readonly aliases: ReadonlyMap<string, string>;
  readonly defaultRichMenuId: string | null;
  /** user id → rich menu id linked to that user */
  readonly userRichMenus: ReadonlyMap<string, string>;
  /** Rich menus created since start (LINE allows 100 creations per hour). */
  readonly richMenuCreations: number;
}
