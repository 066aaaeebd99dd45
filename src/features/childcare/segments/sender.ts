// Segment delivery (stub: to build): starts due sends and multicasts their batches with fixed retry keys.
import type { FastifyBaseLogger } from 'fastify';
import type pg from 'pg';
import type { LineClient } from '../../../line/client/index.ts';

export interface SegmentSenderOptions {
  pollMs: number;
  /** Multicast requests per second this instance stays under. */
  perSecond: number;
  now?: () => Date;
}

export interface SegmentSender {
  start(): void;
  stop(): Promise<void>;
  /** Look for due sends and open batches now (after staff schedule a send). */
  wake(): void;
  /** One full round at `now`: starts due sends, sends every batch it can claim; resolves when done. */
  runOnce(now?: Date): Promise<void>;
}

export function createSegmentSender(
  _services: { pool: pg.Pool; line: LineClient | undefined; log: FastifyBaseLogger },
  _options: SegmentSenderOptions,
): SegmentSender {
  return { start() {}, async stop() {}, wake() {}, async runOnce() {} };
}
