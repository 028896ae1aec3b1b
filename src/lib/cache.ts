// Bounded in-memory caches: a Map kept under a size by dropping its oldest entry.

/** remember sets key in a Map used as a cache, first dropping the oldest entry once it holds max. */
export function remember<K, V>(map: Map<K, V>, key: K, value: V, max: number) {
  if (map.size >= max && !map.has(key)) map.delete(map.keys().next().value as K);
  map.set(key, value);
}
