/**
 * One bounded, isolate-wide memo for everything derived from the immutable archive:
 * parsed documents, rendered bodies and their ETags. Content never changes within an
 * isolate, so entries never go stale; the bound only caps memory under many origins.
 */
const MAX_ENTRIES = 2000;
const cache = new Map<string, unknown>();

export function memo<T>(key: string, make: () => T): T {
  if (cache.has(key)) return cache.get(key) as T;
  const value = make();
  if (cache.size >= MAX_ENTRIES) {
    // Drop the oldest eighth: Map iteration follows insertion order.
    let drop = MAX_ENTRIES >> 3;
    for (const k of cache.keys()) {
      cache.delete(k);
      if (--drop === 0) break;
    }
  }
  cache.set(key, value);
  return value;
}
