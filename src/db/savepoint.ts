// Runs a step inside a savepoint of the caller's transaction: a refusal (an error of the given domain class)
// undoes only that step, and the transaction's other writes (conversation state, the event's completion) still
// commit with the explanation sent. Catching the error without a savepoint would commit half of the step.
import type { Queryable } from './transact.ts';

export type Attempt<T, E> = { ok: true; value: T } | { ok: false; error: E };

export async function attemptInSavepoint<T, E extends Error>(
  tx: Queryable,
  refusal: abstract new (...args: never[]) => E,
  fn: () => Promise<T>,
): Promise<Attempt<T, E>> {
  await tx.query('SAVEPOINT chat_step');
  try {
    const value = await fn();
    await tx.query('RELEASE SAVEPOINT chat_step');
    return { ok: true, value };
  } catch (error) {
    // Also needed after a database error: until rolled back to the savepoint, the transaction refuses everything.
    await tx.query('ROLLBACK TO SAVEPOINT chat_step');
    await tx.query('RELEASE SAVEPOINT chat_step');
    if (error instanceof refusal) return { ok: false, error };
    throw error;
  }
}
