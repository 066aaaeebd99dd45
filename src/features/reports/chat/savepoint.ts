// A report action in a savepoint: a refusal (ReportError) undoes only that action and is explained.
import { attemptInSavepoint } from '../../../db/savepoint.ts';
import type { Queryable } from '../../../db/transact.ts';
import { ReportError } from '../errors.ts';

export function attempt<T>(tx: Queryable, fn: () => Promise<T>) {
  return attemptInSavepoint(tx, ReportError, fn);
}
