// Tells a resident about a change to their reservation (a staff action, the day-before reminder): the notice
// in their language, queued in the caller's transaction so it goes out exactly when the change commits.
import { createHash } from 'node:crypto';
import type { messagingApi } from '@line/bot-sdk';
import type { Queryable } from '../../db/transact.ts';
import type { Language } from '../../i18n/languages.ts';
import { enqueuePush } from '../../outbox/outbox-repository.ts';
import { findUser } from '../../users/user-repository.ts';
import type { Reservation } from './types.ts';

/**
 * A UUID (the outbox's retry key column is uuid) derived from a name: the same notice about the same
 * reservation always gets the same key, so enqueueing it twice — or LINE seeing a retried push — sends it once.
 */
export function stableRetryKey(name: string): string {
  const hex = createHash('sha256').update(name, 'utf8').digest('hex');
  const variant = ((Number.parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export type NoticeKind = 'reminder' | 'checked-in' | 'called' | 'cancelled-by-staff' | 'no-show';

export function noticeRetryKey(reservationId: string, kind: NoticeKind): string {
  return stableRetryKey(`reservation:${reservationId}:${kind}`);
}

/**
 * Queues the notice for the reservation's resident. Walk-ins (no LINE) and residents who blocked the account
 * get nothing; returns whether a push was queued. Each kind happens at most once per reservation (its
 * statuses only move forward), so the derived retry key never swallows a distinct notice.
 */
export async function notifyResident(
  tx: Queryable,
  reservation: Reservation,
  kind: NoticeKind,
  build: (lang: Language) => messagingApi.Message,
): Promise<boolean> {
  if (!reservation.userId) return false;
  const user = await findUser(tx, reservation.userId);
  if (!user?.followed) return false;
  await enqueuePush(tx, {
    toId: reservation.userId,
    messages: [build(user.language)],
    retryKey: noticeRetryKey(reservation.id, kind),
  });
  return true;
}
