/**
 * Reads until `done` holds and returns that value, for what the app does after it answered (a channel's
 * notification, a job): every `everyMs`, at most `tries` reads, then fails saying what never happened.
 */
export async function until<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, { tries = 100, everyMs = 100 } = {}): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`${what} never happened`);
}
