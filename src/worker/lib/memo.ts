/**
 * Bounded, isolate-wide caches for everything derived from the immutable archive: parsed
 * documents, rendered bodies and their ETags, ready responses. Content never changes within
 * an isolate, so entries never go stale; the bound only caps memory under many origins.
 */

/** A Map that keeps at most `max` entries, dropping the oldest eighth when full. */
export class BoundedMap<K, V> {
  readonly #map = new Map<K, V>();
  readonly #max: number;

  constructor(max: number) {
    this.#max = max;
  }

  get(key: K): V | undefined {
    return this.#map.get(key);
  }

  has(key: K): boolean {
    return this.#map.has(key);
  }

  delete(key: K): void {
    this.#map.delete(key);
  }

  set(key: K, value: V): void {
    if (this.#map.size >= this.#max && !this.#map.has(key)) {
      // Map iteration follows insertion order.
      let drop = Math.max(1, this.#max >> 3);
      for (const k of this.#map.keys()) {
        this.#map.delete(k);
        if (--drop === 0) break;
      }
    }
    this.#map.set(key, value);
  }
}

const cache = new BoundedMap<string, unknown>(2000);

export function memo<T>(key: string, make: () => T): T {
  if (cache.has(key)) return cache.get(key) as T;
  const value = make();
  cache.set(key, value);
  return value;
}

/**
 * {@link memo} for a value made asynchronously: callers share one promise; a rejected one is
 * forgotten, so that a failed read is tried again by the next request rather than kept.
 */
export function memoAsync<T>(key: string, make: () => Promise<T>): Promise<T> {
  return memoIn(cache as BoundedMap<string, Promise<T>>, key, make);
}

/** {@link memoAsync} in `map`. */
export function memoIn<K, T>(map: BoundedMap<K, Promise<T>>, key: K, make: () => Promise<T>): Promise<T> {
  const known = map.get(key);
  if (known) return known;
  const made = make();
  map.set(key, made);
  made.catch(() => {
    if (map.get(key) === made) map.delete(key);
  });
  return made;
}
