/**
 * Bounded caches of ids looked up in a store. When one is full, its oldest half goes:
 * what recurs (a resource updated again, a user acting again) was mostly met lately.
 */
export function keep<K, V>(cache: Map<K, V>, key: K, value: V, limit: number): void {
  if (cache.size >= limit && !cache.has(key)) {
    let evict = Math.ceil(limit / 2);
    for (const old of cache.keys()) {
      cache.delete(old);
      if (--evict === 0) break;
    }
  }
  cache.set(key, value);
}

/** The cached value of `key`, loaded and kept on a miss. */
export function remember<K, V>(cache: Map<K, V>, key: K, load: () => V, limit: number): V {
  let value = cache.get(key);
  if (value === undefined) {
    value = load();
    keep(cache, key, value, limit);
  }
  return value;
}
