// Group commit: rows that arrive while a write is in flight go together into the next multi-row statement, so
// throughput grows with load (fewer round trips and commits) while each caller still waits for its own rows.
export type BatchWriter<Row, Result> = (rows: Row[]) => Promise<Result>;

interface Waiting<Row, Result> {
  rows: Row[];
  resolve: (result: Result) => void;
  reject: (error: unknown) => void;
}

export class GroupCommit<Row, Result> {
  private queue: Waiting<Row, Result>[] = [];
  private inFlight = 0;
  private readonly write: BatchWriter<Row, Result>;
  private readonly maxRows: number;
  private readonly maxInFlight: number;

  constructor(write: BatchWriter<Row, Result>, options: { maxRows?: number; maxInFlight?: number } = {}) {
    this.write = write;
    this.maxRows = options.maxRows ?? 500;
    this.maxInFlight = options.maxInFlight ?? 1;
  }

  /** Resolves with the result of the statement that wrote this call's rows, once it is committed. */
  add(rows: Row[]): Promise<Result> {
    return new Promise((resolve, reject) => {
      this.queue.push({ rows, resolve, reject });
      this.flush();
    });
  }

  private flush(): void {
    while (this.inFlight < this.maxInFlight && this.queue.length > 0) {
      const batch: Waiting<Row, Result>[] = [];
      let count = 0;
      while (this.queue.length > 0) {
        const next = this.queue[0] as Waiting<Row, Result>;
        if (batch.length > 0 && count + next.rows.length > this.maxRows) break;
        batch.push(next);
        count += next.rows.length;
        this.queue.shift();
      }
      this.inFlight += 1;
      this.write(batch.flatMap((waiting) => waiting.rows))
        .then(
          (result) => {
            for (const waiting of batch) waiting.resolve(result);
          },
          (error: unknown) => {
            for (const waiting of batch) waiting.reject(error);
          },
        )
        .finally(() => {
          this.inFlight -= 1;
          this.flush();
        });
    }
  }
}
