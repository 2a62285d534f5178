/**
 * The isolate's caches of what it derives from the immutable archive (documents, rendered
 * bodies, ready responses). Content changes within an isolate only when a scheduled summary
 * goes live, and then every cache is emptied at once ({@link clearCaches}); each cache keeps the most recently used values within a budget of bytes, so that no flood
 * of distinct requests can grow the isolate (128 MB on Workers) past {@link CACHE_BUDGET}.
 * @module
 */

const MiB = 1024 * 1024;

/** What every cache of the isolate may hold together; each cache takes a share of it. */
export const CACHE_BUDGET = 16 * MiB;

/** Each cache's share of {@link CACHE_BUDGET}, in bytes. */
export const BUDGETS = {
  /** Documents read from the static assets (`store.ts`). */
  documents: 3 * MiB,
  /** Bodies rendered without documents (`respond.ts`). */
  representations: 3 * MiB,
  /** Bodies rendered from documents (`respond.ts`). */
  rendered: 3.5 * MiB,
  /** Responses ready to send again without routing (`respond.ts`). */
  ready: 4 * MiB,
  /** Which query parameters the responses at each path read (`respond.ts`). */
  queries: 0.5 * MiB,
  /** Feed responses (`routes/feeds.ts`). */
  feeds: 2 * MiB,
} as const;

/**
 * What an entry costs beyond its value: the key (two bytes a character, as V8 may store a
 * string) and about a hundred bytes of map entry and bookkeeping, rounded up.
 */
export function keyBytes(key: string): number {
  return 2 * key.length + 128;
}

/** What a string costs: two bytes a character at most. */
export function textBytes(text: string): number {
  return 2 * text.length;
}

const all: ByteCache<unknown>[] = [];

/** Empties every cache of the isolate: a scheduled summary went live, so what they hold may be stale. */
export function clearCaches(): void {
  for (const cache of all) cache.clear();
}

/** Every cache of the isolate, for a test that measures what they really hold. */
export const allCaches = (): readonly ByteCache<unknown>[] => all;

/** The bytes every cache of the isolate holds now, by the same measure as their budgets. */
export function cachedBytes(): number {
  return all.reduce((sum, cache) => sum + cache.bytes, 0);
}

/**
 * A string-keyed cache that keeps values whose sizes (their keys' included) add up to at most
 * `budget` bytes, dropping the least recently used first (by second chance: a hit only marks
 * its entry, so that a hit costs one lookup). A value is sized by the caller, once, when it
 * is stored; a value larger than the whole budget is not kept.
 */
export class ByteCache<V> {
  // Map iteration follows insertion order: eviction looks at the oldest entries first.
  readonly #map = new Map<string, { value: V; bytes: number; used: boolean }>();
  #bytes = 0;

  constructor(readonly budget: number) {
    all.push(this);
  }

  /** The bytes held now. */
  get bytes(): number {
    return this.#bytes;
  }

  /** What it holds, key and value, without marking any entry used. */
  *entries(): Generator<[string, V]> {
    for (const [key, { value }] of this.#map) yield [key, value];
  }

  get(key: string): V | undefined {
    const hit = this.#map.get(key);
    if (hit === undefined) return undefined;
    hit.used = true;
    return hit.value;
  }

  /** Stores `value`, of `bytes` bytes (its key is added), dropping values used least recently past the budget. */
  set(key: string, value: V, bytes: number): void {
    this.delete(key);
    const size = bytes + keyBytes(key);
    if (size > this.budget) return;
    this.#map.set(key, { value, bytes: size, used: false });
    this.#bytes += size;
    // Entries spared go last, so this loop meets them again, unmarked, before it ends.
    for (const [oldest, entry] of this.#map) {
      if (this.#bytes <= this.budget) break;
      this.#map.delete(oldest);
      if (entry.used) {
        // Used since it was stored or last spared: spared once more, as the newest.
        entry.used = false;
        this.#map.set(oldest, entry);
      } else {
        this.#bytes -= entry.bytes;
      }
    }
  }

  clear(): void {
    this.#map.clear();
    this.#bytes = 0;
  }

  delete(key: string): void {
    const hit = this.#map.get(key);
    if (hit === undefined) return;
    this.#map.delete(key);
    this.#bytes -= hit.bytes;
  }

  /** The value for `key`, made by `make` and sized by `size` the first time. */
  remember(key: string, make: () => V, size: (value: V) => number): V {
    const known = this.get(key);
    if (known !== undefined) return known;
    const value = make();
    this.set(key, value, size(value));
    return value;
  }
}

/**
 * {@link ByteCache.remember} for a value made asynchronously: callers share one promise,
 * counted at its key's size until it settles, then at `size` of its value; a rejected one is
 * forgotten, so that a failed read is tried again by the next request rather than kept.
 */
export function rememberAsync<T>(
  cache: ByteCache<Promise<T>>,
  key: string,
  make: () => Promise<T>,
  size: (value: T) => number,
): Promise<T> {
  const known = cache.get(key);
  if (known !== undefined) return known;
  const made = make();
  cache.set(key, made, 0);
  made.then(
    (value) => {
      if (cache.get(key) === made) cache.set(key, made, size(value));
    },
    () => {
      if (cache.get(key) === made) cache.delete(key);
    },
  );
  return made;
}
