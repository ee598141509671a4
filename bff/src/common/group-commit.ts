/**
 * Group commit for requests that each need a short transaction (research/ledger.md §7.6, the TigerBeetle lesson):
 * requests queue while up to `maxInFlight` batches run; when a batch finishes, everything that queued meanwhile
 * (up to `maxBatch`) goes in the next one. A lone request under light load starts at once: batching never adds a
 * wait, it only gathers what is already waiting.
 */
export class GroupCommit<T, R> {
  private readonly queue: Array<{ item: T; resolve: (value: R) => void; reject: (error: unknown) => void }> = [];
  private inFlight = 0;

  constructor(
    /** Runs one batch; returns, per item in order, its result or the error to reject it with. */
    private readonly runBatch: (items: T[]) => Promise<Array<{ ok: true; value: R } | { ok: false; error: unknown }>>,
    private readonly options: { maxBatch: number; maxInFlight: number; conflictKey?: (item: T) => string },
  ) {}

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.pump();
    });
  }

  get pending(): number {
    return this.queue.length;
  }

  private pump(): void {
    while (this.inFlight < this.options.maxInFlight && this.queue.length > 0) {
      const batch = this.take();
      this.inFlight += 1;
      void this.execute(batch).finally(() => {
        this.inFlight -= 1;
        this.pump();
      });
    }
  }

  /** The next batch; two items with the same conflict key never share one (the later waits for the next). */
  private take() {
    const { maxBatch, conflictKey } = this.options;
    if (!conflictKey) return this.queue.splice(0, maxBatch);
    const keys = new Set<string>();
    const batch: typeof this.queue = [];
    for (let i = 0; i < this.queue.length && batch.length < maxBatch; ) {
      const key = conflictKey(this.queue[i]!.item);
      if (keys.has(key)) {
        i += 1;
        continue;
      }
      keys.add(key);
      batch.push(...this.queue.splice(i, 1));
    }
    return batch;
  }

  private async execute(batch: typeof this.queue): Promise<void> {
    try {
      const outcomes = await this.runBatch(batch.map((entry) => entry.item));
      batch.forEach((entry, i) => {
        const outcome = outcomes[i];
        if (!outcome) entry.reject(new Error('batch returned no outcome for an item'));
        else if (outcome.ok) entry.resolve(outcome.value);
        else entry.reject(outcome.error);
      });
    } catch (error) {
      for (const entry of batch) entry.reject(error);
    }
  }
}
