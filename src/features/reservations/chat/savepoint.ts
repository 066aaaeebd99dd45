// A booking step in a savepoint: a refusal (BookingError) undoes only that step — a seat taken before the
// refusal, a cancel before a failed re-book — and is explained to the resident.
import { attemptInSavepoint } from '../../../db/savepoint.ts';
import type { Queryable } from '../../../db/transact.ts';
import { BookingError } from '../errors.ts';

export function attempt<T>(tx: Queryable, fn: () => Promise<T>) {
  return attemptInSavepoint(tx, BookingError, fn);
}
