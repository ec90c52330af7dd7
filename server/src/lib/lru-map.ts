/**
 * A map of at most `max` entries that drops the least recently used first: a Map iterates in
 * insertion order, so a hit is moved to the end and the first key is the one to drop. For caches
 * whose keys come from clients (User-Agents, error groups) or grow with use (kept series buckets).
 */
export class LruMap<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(private readonly max: number) {}

  get(key: K): V | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!);
  }
}
