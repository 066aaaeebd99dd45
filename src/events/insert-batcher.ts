// Group commit for the webhook intake: requests that arrive while an insert is in flight are stored together in
// the next multi-row statement, so throughput grows with load while each request still waits for its own rows.
export type BatchWriter<Row> = (rows: Row[]) => Promise<Set<string>>;

interface Waiting<Row> {
  rows: Row[];
  resolve: (inserted: Set<string>) => void;
  reject: (error: unknown) => void;
}

export class InsertBatcher<Row> {
  private queue: Waiting<Row>[] = [];
  private inFlight = 0;
  private readonly write: BatchWriter<Row>;
  private readonly maxRows: number;
  private readonly maxInFlight: number;

  constructor(write: BatchWriter<Row>, options: { maxRows?: number; maxInFlight?: number } = {}) {
    this.write = write;
    this.maxRows = options.maxRows ?? 500;
    this.maxInFlight = options.maxInFlight ?? 1;
  }

  /** Resolves with the keys that this call's batch newly inserted, once they are committed. */
  add(rows: Row[]): Promise<Set<string>> {
    return new Promise((resolve, reject) => {
      this.queue.push({ rows, resolve, reject });
      this.flush();
    });
  }

  private flush(): void {
    while (this.inFlight < this.maxInFlight && this.queue.length > 0) {
      const batch: Waiting<Row>[] = [];
      let count = 0;
      while (this.queue.length > 0) {
        const next = this.queue[0] as Waiting<Row>;
        if (batch.length > 0 && count + next.rows.length > this.maxRows) break;
        batch.push(next);
        count += next.rows.length;
        this.queue.shift();
      }
      this.inFlight += 1;
      this.write(batch.flatMap((waiting) => waiting.rows))
        .then(
          (inserted) => {
            for (const waiting of batch) waiting.resolve(inserted);
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
