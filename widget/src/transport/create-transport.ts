import { FLUSH_INTERVAL_MS, FLUSH_MAX_BYTES, FLUSH_MAX_EVENTS, MAX_QUEUED_EVENTS } from '@loupe/shared/constants';
import { guard } from '../guard.js';
import type { Scope } from '../scope.js';
import { QUEUE_KEY_PREFIX } from '../storage-keys.js';
import { warn } from '../warn.js';
import { retryAfterMs, retryDelay } from './backoff.js';
import { createPersistedQueue } from './persisted-queue.js';
import type { ScrubLoader } from './scrub-chunk-api.js';
import { post, readBody, sendBeacon } from './send-beacon.js';

/** Explicit answers and conversions survive a reload; other signals are best-effort. */
const PERSISTED = /"type":"(response|track)"/;

export interface Transport {
  _push(event: { type: string }): void;
  /** Page hide / destroy: send everything now by beacon, unless a 429 or 503 asked us to wait. */
  _hide(): void;
  /** Forget queued events whose type fails `keep` (optOut). */
  _drop(keep: (type: string) => boolean): void;
}

/**
 * Scrubs each event (`loadScrub` brings the scrubber; events made before it arrives wait for it)
 * and batches them into `text/plain` POSTs (a CORS "simple" request: no preflight), one request
 * in flight at a time. Network failures and 5xx are retried with backoff; 429, and a 503 that
 * says when (an overloaded or restarting server), wait for `Retry-After`; other 4xx are dropped
 * (resending cannot fix them); nothing is sent offline.
 *
 * Sizes are counted in UTF-16 units: a batch of ≤ 16 Ki units is ≤ 48 KiB of UTF-8, under the
 * 64 KiB body limit. Every fetch is `keepalive` (so it outlives the page): with one request in
 * flight at a time, each < 50 000 bytes, and every answer read to its end (`readBody`: Chromium
 * holds a request's quota until then), the in-flight total always stays under
 * KEEPALIVE_MAX_INFLIGHT_BYTES (60 000), Chromium's keepalive quota with some room to spare.
 */
export function createTransport(key: string, endpoint: string, scope: Scope, loadScrub: ScrubLoader): Transport {
  const store = createPersistedQueue(QUEUE_KEY_PREFIX + key);
  /** Events made before the scrubber arrived, oldest first; undefined once it is here. */
  let waiting: { type: string }[] | undefined = [];
  let scrub: <T extends object>(event: T) => T;
  /** Serialized events, oldest first (unsent persisted ones from earlier pages first of all). */
  let queue = store._load();
  let inFlight: unknown;
  let attempt = 0;
  let pausedUntil = 0; // Retry-After
  let retryAt = 0; // backoff after a failure
  let cancelTimer: (() => void) | false | undefined;

  // A batch's body is its events joined by commas plus < 64 units of envelope.
  const full = () => queue.length >= FLUSH_MAX_EVENTS || 64 + `${queue}`.length >= FLUSH_MAX_BYTES;
  const body = (events: string[]) => `{"key":${JSON.stringify(key)},"sentAt":${Date.now()},"events":[${events}]}`;
  /** The oldest batch: ≤ 50 events, ≤ 16 KiB, always at least one event. */
  const take = () => {
    let n = 0;
    let bytes = 64;
    while (n < queue.length && n < FLUSH_MAX_EVENTS) {
      bytes += queue[n]!.length + 1;
      if (bytes >= FLUSH_MAX_BYTES && n) break;
      n++;
    }
    return queue.splice(0, n);
  };
  /** Replaces the flush timer: a flush in `ms`, or none without `ms`. */
  const schedule = (ms?: number) => {
    if (cancelTimer) cancelTimer();
    cancelTimer = ms != null && scope._later(flush, ms);
  };

  function flush(): void {
    schedule();
    if (inFlight || !queue.length) return; // the batch in flight reschedules when it settles
    const wait = Math.max(pausedUntil, retryAt) - Date.now();
    if (wait > 0) {
      schedule(wait);
      return;
    }
    if (!navigator.onLine) return; // the `online` listener resumes
    const batch = take();
    inFlight = 1;
    const settle = (status: number, retryAfter?: string | null) => {
      inFlight = 0;
      const now = Date.now();
      if (!status || status === 408 || status === 429 || status >= 500) {
        queue = batch.concat(queue).slice(-MAX_QUEUED_EVENTS);
        if (status === 429 || (status === 503 && retryAfter)) pausedUntil = now + retryAfterMs(retryAfter, now);
        // Offline failures wait for the `online` event instead of burning backoff steps.
        else if (status || navigator.onLine) retryAt = now + retryDelay(attempt++);
      } else {
        // Stored, or refused for good (bad key, origin, payload): never resend either way.
        attempt = 0;
        store._remove(batch);
        if (__DEV__ && status > 299) warn(`${endpoint} answered ${status}; dropped ${batch.length} events`);
      }
      if (queue.length) schedule(full() ? 0 : FLUSH_INTERVAL_MS);
    };
    post(endpoint, body(batch)).then(
      guard((res: Response) => {
        const text = readBody(res);
        if (__DEV__ && res.status === 202) {
          text.then(
            guard((t: string) => {
              const r = JSON.parse(t) as { rejected?: unknown[] };
              if (r.rejected && r.rejected.length) warn('events rejected by the server', r.rejected);
            }),
          );
        }
        settle(res.status, res.headers.get('Retry-After'));
      }),
      guard(() => settle(0)),
    );
  }

  const transport: Transport = {
    _push(event) {
      if (waiting) {
        if (waiting.push(event) > MAX_QUEUED_EVENTS) waiting.shift();
        return;
      }
      const s = JSON.stringify(scrub(event));
      if (s.length > FLUSH_MAX_BYTES) {
        if (__DEV__) warn('event too large, dropped', event);
        return;
      }
      if (PERSISTED.test(s)) store._add(s);
      if (queue.push(s) > MAX_QUEUED_EVENTS) queue.shift();
      // Reported while the page hides (e.g. Web Vitals' final values): send before it's gone.
      // One beacon for a burst: the first microtask empties the queue, the rest find it empty.
      if (document.hidden) queueMicrotask(guard(transport._hide));
      else if (full()) flush();
      else if (!cancelTimer) schedule(FLUSH_INTERVAL_MS);
    },
    _hide() {
      if (Date.now() < pausedUntil || !navigator.onLine) return;
      schedule();
      while (queue.length) sendBeacon(endpoint, take(), body);
    },
    _drop(keep) {
      const kept = (s: string) => keep(JSON.parse(s).type);
      store._remove(queue.filter((s) => !kept(s)));
      queue = queue.filter(kept);
      if (waiting) waiting = waiting.filter((e) => keep(e.type));
    },
  };

  loadScrub().then(
    guard((m: Awaited<ReturnType<ScrubLoader>>) => {
      if (scope._dead) return;
      scrub = m.scrubEvent;
      const early = waiting!;
      waiting = undefined;
      early.forEach(transport._push);
    }),
    (err: unknown) => {
      if (__DEV__) warn('could not load the scrubber: nothing can be sent', err);
    },
  );

  scope._on(window, 'online', () => {
    retryAt = attempt = 0;
    flush();
  });
  if (queue.length) schedule(0);
  return transport;
}
