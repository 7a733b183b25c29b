/**
 * Small per-process caches of reads from Shopify, shared by the requests of one shop: a page that
 * many people (or one person's polling) load asks Shopify once per period, and requests arriving
 * while a read is under way wait for that read instead of starting their own. Bounded in entries;
 * a process that restarts simply reads again.
 */

/** A Map that forgets its oldest entry past `limit` (insertion order). */
export function boundedMap<K, V>(limit: number) {
  const map = new Map<K, V>();
  return {
    get: (key: K) => map.get(key),
    set(key: K, value: V) {
      map.delete(key);
      map.set(key, value);
      while (map.size > limit) map.delete(map.keys().next().value as K);
    },
    delete: (key: K) => map.delete(key),
  };
}

export interface SharedReadOptions<V> {
  /** How long a read's answer serves later requests, in milliseconds. */
  ttlMs: number;
  /** How long an answer that `isFailure` says is a failure serves them (short: ask again soon). */
  failureTtlMs?: number;
  isFailure?: (value: V) => boolean;
  maxEntries: number;
}

/**
 * `read(key, start)` answers with the key's cached read while it is fresh, else starts one with
 * `start` and shares it. A read that rejects is forgotten at once, so the next request tries again.
 */
export function sharedReads<V>(options: SharedReadOptions<V>) {
  const entries = boundedMap<string, { at: number; ttlMs: number; read: Promise<V> }>(
    options.maxEntries,
  );
  return {
    read(key: string, start: () => Promise<V>, now = Date.now()): Promise<V> {
      const cached = entries.get(key);
      if (cached && now - cached.at < cached.ttlMs) return cached.read;
      const entry = { at: now, ttlMs: options.ttlMs, read: start() };
      entries.set(key, entry);
      entry.read.then(
        (value) => {
          if (options.isFailure?.(value)) entry.ttlMs = options.failureTtlMs ?? 0;
        },
        () => {
          if (entries.get(key) === entry) entries.delete(key);
        },
      );
      return entry.read;
    },
    forget: (key: string) => entries.delete(key),
  };
}
