// Failure injection: queued rules that make the next matching calls answer an error status.
import type { FailureRule, LineErrorBody } from './types.ts';

interface PendingFailure {
  rule: FailureRule;
  remaining: number;
}

/** The bodies LINE answers for the statuses tests usually inject. */
export function failureBody(status: number): LineErrorBody {
  switch (status) {
    case 400:
      return { message: 'Bad request' };
    case 401:
      return {
        message: 'Authentication failed. Confirm that the access token in the authorization header is valid.',
      };
    case 403:
      return { message: 'Access to this API is not available for your account' };
    case 404:
      return { message: 'Not found' };
    case 410:
      return { message: 'Gone' };
    case 429:
      return { message: 'The API rate limit has been exceeded. Try again later.' };
    case 500:
      return { message: 'Internal server error' };
    default:
      return { message: status >= 500 ? 'Internal server error' : `Error ${status}` };
  }
}

export class FailureQueue {
  private pending: PendingFailure[] = [];

  add(rule: FailureRule): void {
    const times = rule.times ?? 1;
    if (!Number.isInteger(times) || times < 1) throw new Error('failNext: times must be a positive integer');
    this.pending.push({ rule, remaining: times });
  }

  /** Consumes one use of the first rule that matches this call, oldest first. */
  take(method: string, path: string): FailureRule | null {
    const index = this.pending.findIndex(({ rule }) => matches(rule, method, path));
    if (index < 0) return null;
    const entry = this.pending[index];
    if (!entry) return null;
    entry.remaining -= 1;
    if (entry.remaining === 0) this.pending.splice(index, 1);
    return entry.rule;
  }

  clear(): void {
    this.pending = [];
  }
}

function matches(rule: FailureRule, method: string, path: string): boolean {
  if (rule.method && rule.method.toUpperCase() !== method.toUpperCase()) return false;
  if (typeof rule.path === 'string') return rule.path === path;
  rule.path.lastIndex = 0; // a /g regexp keeps state between calls
  return rule.path.test(path);
}
