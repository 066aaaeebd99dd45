// Runs a booking step inside a savepoint of the event's transaction: a refusal (BookingError) undoes only
// that step — a seat taken before the refusal, a cancel before a failed re-book — and the event's other
// writes (the conversation state, the event's completion) still commit with the explanation sent.
import type { Queryable } from '../../../db/transact.ts';
import { BookingError } from '../errors.ts';

export type Attempt<T> = { ok: true; value: T } | { ok: false; error: BookingError };

export async function attempt<T>(tx: Queryable, fn: () => Promise<T>): Promise<Attempt<T>> {
  await tx.query('SAVEPOINT reservation_chat_step');
  try {
    const value = await fn();
    await tx.query('RELEASE SAVEPOINT reservation_chat_step');
    return { ok: true, value };
  } catch (error) {
    // Also needed after a database error: until rolled back to the savepoint, the transaction refuses everything.
    await tx.query('ROLLBACK TO SAVEPOINT reservation_chat_step');
    await tx.query('RELEASE SAVEPOINT reservation_chat_step');
    if (error instanceof BookingError) return { ok: false, error };
    throw error;
  }
}
