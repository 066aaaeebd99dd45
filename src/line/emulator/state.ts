// In-memory state of the LINE emulator: users, reply and retry keys, records, content and rich menus.
import { randomBytes } from 'node:crypto';
import { FailureQueue } from './failures.ts';
import type {
  Delivery,
  DeliveryListener,
  EmulatorUser,
  RecordedRequest,
  RejectedRequest,
  StoredRichMenu,
} from './types.ts';

const RETRY_KEY_TTL_MS = 24 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;

interface ReplyToken {
  userId: string;
  expiresAt: number;
  used: boolean;
}

interface AcceptedRetryKey {
  requestId: string;
  acceptedAt: number;
  sentMessages: { id: string }[];
}

export function randomHex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

/** LINE message ids are decimal strings. */
export function newMessageId(): string {
  return (BigInt(`0x${randomHex(7)}`) + 10n ** 17n).toString();
}

/** Counts calls per hour, like LINE's hourly limits on rich-menu creation and deletion. */
export class HourlyLimit {
  readonly limit: number;
  private stamps: number[] = [];
  constructor(limit: number) {
    this.limit = limit;
  }
  /** Records a call; false when the hourly limit is already reached. */
  take(now = Date.now()): boolean {
    this.stamps = this.stamps.filter((stamp) => now - stamp < HOUR_MS);
    if (this.stamps.length >= this.limit) return false;
    this.stamps.push(now);
    return true;
  }
}

export class EmulatorState {
  readonly replyTokenTtlMs: number;
  readonly users = new Map<string, EmulatorUser>();
  readonly replyTokens = new Map<string, ReplyToken>();
  readonly retryKeys = new Map<string, AcceptedRetryKey>();
  readonly requests: RecordedRequest[] = [];
  readonly rejected: RejectedRequest[] = [];
  readonly deliveries: Delivery[] = [];
  readonly listeners = new Set<DeliveryListener>();
  readonly contents = new Map<string, { body: Buffer; contentType: string }>();
  readonly failures = new FailureQueue();

  readonly richMenus = new Map<string, StoredRichMenu>();
  readonly aliases = new Map<string, string>();
  readonly userRichMenus = new Map<string, string>();
  defaultRichMenuId: string | null = null;
  richMenuCreations = 0;
  readonly richMenuCreateLimit = new HourlyLimit(100);
  readonly richMenuDeleteLimit = new HourlyLimit(100);
  readonly aliasDeleteLimit = new HourlyLimit(100);

  constructor(replyTokenTtlMs: number) {
    this.replyTokenTtlMs = replyTokenTtlMs;
  }

  issueReplyToken(userId: string): string {
    const token = randomHex(16);
    this.replyTokens.set(token, { userId, expiresAt: Date.now() + this.replyTokenTtlMs, used: false });
    return token;
  }

  /** Spends a reply token; returns its user, or null when unknown, used or expired. */
  spendReplyToken(token: unknown): string | null {
    if (typeof token !== 'string') return null;
    const entry = this.replyTokens.get(token);
    if (!entry || entry.used || Date.now() > entry.expiresAt) return null;
    entry.used = true;
    return entry.userId;
  }

  acceptedRetryKey(key: string): AcceptedRetryKey | null {
    const entry = this.retryKeys.get(key);
    if (!entry) return null;
    if (Date.now() - entry.acceptedAt > RETRY_KEY_TTL_MS) {
      this.retryKeys.delete(key);
      return null;
    }
    return entry;
  }

  rememberRetryKey(key: string, requestId: string, sentMessages: { id: string }[]): void {
    this.retryKeys.set(key, { requestId, acceptedAt: Date.now(), sentMessages });
  }

  /** Blocked users receive nothing, as on LINE. */
  canReceive(userId: string): boolean {
    return this.users.get(userId)?.blocked !== true;
  }

  deliver(delivery: Delivery): void {
    this.deliveries.push(delivery);
    for (const listener of this.listeners) {
      try {
        listener(delivery);
      } catch {
        // A faulty listener (e.g. a closed browser socket) must not break the API answer.
      }
    }
  }

  messagesFor(userId: string): unknown[] {
    return this.deliveries.filter((d) => d.userId === userId).flatMap((d) => d.messages);
  }

  reset(): void {
    this.requests.length = 0;
    this.rejected.length = 0;
    this.deliveries.length = 0;
    this.retryKeys.clear();
    this.failures.clear();
  }
}
