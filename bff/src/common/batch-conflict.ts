/**
 * A batch of writes that could not all apply together — a guard that no longer held, a code consumed meanwhile —
 * so the caller rolled back and may take the batch's items one by one, where each gets its own exact answer.
 * The only failure that sends a batch back to one by one besides the named database ones (unique key, deadlock).
 */
export class BatchConflict extends Error {
  override readonly name = 'BatchConflict';

  constructor(reason: string) {
    super(reason);
  }
}
