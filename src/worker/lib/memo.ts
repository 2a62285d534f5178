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
