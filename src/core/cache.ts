/**
 * Looks a key up in a cache of at most `limit` entries, loading and keeping the value
 * on a miss. When full, the oldest half goes: what recurs (a resource updated again, a
 * user acting again) was mostly met lately.
 */
export function remember<K, V>(cache: Map<K, V>, key: K, load: () => V, limit: number): V {
  let value = cache.get(key);
  if (value === undefined) {
    value = load();
    if (cache.size >= limit) {
      let evict = Math.ceil(limit / 2);
      for (const old of cache.keys()) {
        cache.delete(old);
        if (--evict === 0) break;
      }
    }
    cache.set(key, value);
  }
  return value;
}
