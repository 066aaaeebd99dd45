// Group commit: callers that arrive while a write is in flight share the next statement; an error reaches
// exactly the callers whose rows were in the failed statement.
import { describe, expect, it } from 'vitest';
import { GroupCommit } from '../../src/db/group-commit.ts';

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('GroupCommit', () => {
  it('writes the first rows at once and everything that queued meanwhile in one next statement', async () => {
    const calls: number[][] = [];
    const gates: ReturnType<typeof deferred<number>>[] = [];
    const batcher = new GroupCommit<number, number>((rows) => {
      calls.push(rows);
      const gate = deferred<number>();
      gates.push(gate);
      return gate.promise;
    });
    const first = batcher.add([1]);
    const second = batcher.add([2, 3]);
    const third = batcher.add([4]);
    expect(calls).toEqual([[1]]);
    gates[0]?.resolve(10);
    expect(await first).toBe(10);
    await Promise.resolve();
    expect(calls).toEqual([[1], [2, 3, 4]]);
    gates[1]?.resolve(20);
    expect(await second).toBe(20);
    expect(await third).toBe(20);
  });

  it('rejects only the callers of a failed statement', async () => {
    let call = 0;
    const batcher = new GroupCommit<string, string>(async (rows) => {
      call += 1;
      if (call === 2) throw new Error('database down');
      return rows.join(',');
    });
    const a = batcher.add(['a']);
    const b = batcher.add(['b']);
    const c = batcher.add(['c']);
    expect(await a).toBe('a');
    await expect(b).rejects.toThrow('database down');
    await expect(c).rejects.toThrow('database down');
    expect(await batcher.add(['d'])).toBe('d');
  });

  it('keeps a statement within maxRows, never splitting one caller', async () => {
    const sizes: number[] = [];
    const batcher = new GroupCommit<number, void>(
      async (rows) => {
        sizes.push(rows.length);
      },
      { maxRows: 3 },
    );
    await Promise.all([
      batcher.add([1]),
      batcher.add([1, 1]),
      batcher.add([1, 1]),
      batcher.add([1, 1, 1, 1]),
    ]);
    expect(sizes).toEqual([1, 2, 2, 4]);
  });
});
