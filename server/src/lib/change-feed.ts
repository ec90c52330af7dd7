/**
 * The change feed: how one instance's write reaches the in-memory caches of stored state of every
 * instance sharing the database. After a write that changes cached state, the writer publishes
 * `{ topic, siteId }`; every instance's listeners of that topic drop the site's entries (or their
 * whole cache), and the next read loads them again. A topic names a kind of cached state, not a
 * table: `sites` is every column of a site's row (keys, origins) and the row's existence.
 *
 * Notifications can be lost (a publish that fails, a listening connection that drops), so every
 * feed also tells each listener to drop everything at least once per safety TTL: a cache wired to
 * a feed never serves an entry older than that after the change, notification or not.
 *
 * Listeners are called synchronously. A cache that loads asynchronously (any cache on PostgreSQL)
 * must not keep a load that began before a drop: it may have read the state the change replaced.
 */
export const CHANGE_TOPICS = ['sites'] as const;
export type ChangeTopic = (typeof CHANGE_TOPICS)[number];

export interface Change {
  topic: ChangeTopic;
  siteId: string;
}

/**
 * `siteId`: drop that site's entries. `undefined`: drop every entry of the topic, because changes
 * may have been missed (the safety TTL, a reconnect after a gap).
 */
export type ChangeListener = (siteId: string | undefined) => void;

export interface ChangeFeed {
  /**
   * Tells this instance's listeners at once, before it returns, then the other instances. Never
   * rejects: a notification that cannot be sent is reported, and the safety TTL covers it.
   */
  publish(change: Change): Promise<void>;
  /** Returns the unsubscribe function. */
  subscribe(topic: ChangeTopic, listener: ChangeListener): () => void;
  /**
   * How long after `publish` returns a cache of another instance may still serve what the change
   * replaced: none in one process; across instances, the safety TTL (a notification may be lost).
   */
  readonly maxLagMs: number;
  close(): Promise<void>;
}

/** The most the safety TTL may be: the bound, promised to operators, on how stale a cache may be. */
export const MAX_SAFETY_TTL_MS = 5_000;

export const isChangeTopic = (value: unknown): value is ChangeTopic =>
  (CHANGE_TOPICS as readonly unknown[]).includes(value);

/**
 * The listeners of one instance, and the safety TTL's timer that tells them all to drop
 * everything. Both feeds deliver through this. A listener that throws is reported and the others
 * still hear of the change.
 */
export class ChangeListeners {
  private readonly byTopic = new Map<ChangeTopic, Set<ChangeListener>>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    safetyTtlMs: number,
    private readonly onError: (err: unknown) => void,
  ) {
    if (!(safetyTtlMs > 0 && safetyTtlMs <= MAX_SAFETY_TTL_MS)) {
      throw new Error(`the change feed's safety TTL must be above 0 and at most ${MAX_SAFETY_TTL_MS} ms`);
    }
    this.timer = setInterval(() => this.dropAll(), safetyTtlMs);
    // The TTL keeps caches honest; it must not keep a process alive that has nothing else to do.
    this.timer.unref();
  }

  subscribe(topic: ChangeTopic, listener: ChangeListener): () => void {
    let set = this.byTopic.get(topic);
    if (!set) {
      set = new Set();
      this.byTopic.set(topic, set);
    }
    // A wrapper, so one listener subscribed twice is two subscriptions, each removed on its own.
    const entry: ChangeListener = (siteId) => listener(siteId);
    set.add(entry);
    return () => set.delete(entry);
  }

  deliver(change: Change): void {
    for (const listener of this.byTopic.get(change.topic) ?? []) this.call(listener, change.siteId);
  }

  /** Every listener of every topic drops everything. */
  dropAll(): void {
    for (const set of this.byTopic.values()) for (const listener of set) this.call(listener, undefined);
  }

  close(): void {
    clearInterval(this.timer);
    this.byTopic.clear();
  }

  private call(listener: ChangeListener, siteId: string | undefined): void {
    try {
      listener(siteId);
    } catch (err) {
      this.onError(err);
    }
  }
}

export interface InProcessChangeFeedOptions {
  /**
   * On SQLite the server is one process, but the operator CLIs (`npm run site`) write the same file
   * from another, without a feed: their changes reach the caches within this. Default 1 s.
   */
  safetyTtlMs?: number;
  onError: (err: unknown) => void;
}

/** The feed of a single process (SQLite): a publish is delivered to this process's listeners. */
export function inProcessChangeFeed(options: InProcessChangeFeedOptions): ChangeFeed {
  const listeners = new ChangeListeners(options.safetyTtlMs ?? 1_000, options.onError);
  return {
    // Every cache of the process has dropped the change's entries when publish returns.
    maxLagMs: 0,
    async publish(change) {
      listeners.deliver(change);
    },
    subscribe: (topic, listener) => listeners.subscribe(topic, listener),
    async close() {
      listeners.close();
    },
  };
}
