// Runs a report action inside a savepoint of the event's transaction: a refusal (ReportError) undoes only that
// action, and the event's other writes (conversation state, completion) still commit with the explanation.
import type { Queryable } from '../../../db/transact.ts';
import { ReportError } from '../errors.ts';

export type Attempt<T> = { ok: true; value: T } | { ok: false; error: ReportError };

export async function attempt<T>(tx: Queryable, fn: () => Promise<T>): Promise<Attempt<T>> {
  await tx.query('SAVEPOINT report_chat_step');
  try {
    const value = await fn();
    await tx.query('RELEASE SAVEPOINT report_chat_step');
    return { ok: true, value };
  } catch (error) {
    await tx.query('ROLLBACK TO SAVEPOINT report_chat_step');
    await tx.query('RELEASE SAVEPOINT report_chat_step');
    if (error instanceof ReportError) return { ok: false, error };
    throw error;
  }
}
