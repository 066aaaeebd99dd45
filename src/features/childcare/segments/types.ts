// The shapes of a 子育て segment send: who it targets, its texts per language, and its progress.
import type { Language } from '../../../i18n/languages.ts';

/** Parents with at least one child aged ageFromMonths..ageToMonths (completed months, both ends included). */
export interface SegmentCriteria {
  ageFromMonths: number;
  ageToMonths: number;
  /** A district id (src/features/childcare/districts.json); null: every district, and parents who gave none. */
  district: string | null;
}

/** ja is required; a parent whose language has no text gets the ja one. */
export type SegmentTexts = { ja: string } & Partial<Record<Exclude<Language, 'ja'>, string>>;

export type SendStatus = 'scheduled' | 'sending' | 'done' | 'cancelled';

export interface SegmentCount {
  /** Parents who follow the account: each gets one message, however many of their children are in range. */
  recipients: number;
  /** Parents in the segment who blocked the account: never sent to. */
  blocked: number;
  /** Children in range, of all the parents counted. */
  children: number;
}

export interface SegmentSend extends SegmentCriteria {
  id: string;
  title: string;
  texts: SegmentTexts;
  scheduledAt: Date;
  /** Sent during the quiet hours too (marked by staff, audited). */
  urgent: boolean;
  status: SendStatus;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  cancelledAt: Date | null;
}

/**
 * Fixed when sending starts. recipients = pending + sent + failed (as in SegmentCount, blocked apart); a parent
 * who blocked the account or withdrew consent after the start moves to blocked / withdrawn and is not sent to.
 */
export interface SendResults {
  recipients: number;
  pending: number;
  sent: number;
  failed: number;
  blocked: number;
  withdrawn: number;
}

export interface BatchCounts {
  total: number;
  pending: number;
  sending: number;
  sent: number;
  failed: number;
}

/** Most recipients one multicast may carry (LINE's limit). */
export const MAX_BATCH = 500;
