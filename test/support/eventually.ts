/** Waiting for what a queue or another process does shortly after a request: for the workerd and the end-to-end tests alike. */

/** Reads until `check` holds of the value (or `ms` have passed), and returns the last value read. */
export async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean, ms = 10_000, every = 50): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (check(value) || Date.now() > until) return value;
    await new Promise((r) => setTimeout(r, every));
  }
}
