import { randomBytes } from 'node:crypto';
import pg from 'pg';
import {
  type Change,
  type ChangeFeed,
  ChangeListeners,
  isChangeTopic,
  MAX_SAFETY_TTL_MS,
} from '../../lib/change-feed.js';
import { connectionConfig } from './postgres-connection.js';

/** The NOTIFY channel every instance of one database listens on. */
export const CHANGE_CHANNEL = 'loupe_changes';

/** Reconnect waits: 100 ms, doubling, at most 2 s, so an instance is back well within the safety TTL. */
export const reconnectDelayMs = (attempt: number): number => Math.min(2_000, 100 * 2 ** (attempt - 1));

export type ListenerState =
  /** LISTEN is established on a (new) connection; `connections` counts them since the start. */
  | { state: 'listening'; connections: number }
  /** The listening connection failed or could not be opened; reconnect attempt `attempt` follows. */
  | { state: 'lost'; attempt: number; error: unknown };

export interface PostgresChangeFeedOptions {
  url: string;
  /** Where NOTIFY is sent from: the instance's pool (a NOTIFY needs no connection of its own). */
  pool: pg.Pool;
  /** Default (and at most) 5 s. */
  safetyTtlMs?: number;
  /** A listener that threw, or a NOTIFY that could not be sent. */
  onError: (err: unknown) => void;
  /** Each connect and loss of the listening connection (logs; tests wait on it). */
  onState?: (state: ListenerState) => void;
  /**
   * Waits before reconnect attempt `attempt` (from 1); tests hold it to keep the connection down.
   * Default: `reconnectDelayMs`, which close() cuts short; close() waits for a wait given here to end.
   */
  waitBeforeReconnect?: (attempt: number) => Promise<void>;
}

interface Payload {
  /** The publishing instance: it delivered to its own listeners already. */
  i: string;
  t: string;
  s: string;
}

/** The NOTIFY payload of `change`, published by `instance` (each feed's random id, or a CLI's). */
export function changePayload(instance: string, change: Change): string {
  const payload: Payload = { i: instance, t: change.topic, s: change.siteId };
  return JSON.stringify(payload);
}

function parsePayload(text: string | undefined): Payload | undefined {
  try {
    const p = JSON.parse(text ?? '') as Partial<Payload> | null;
    if (typeof p?.i === 'string' && typeof p.t === 'string' && typeof p.s === 'string') return p as Payload;
  } catch {
    // Not JSON: not ours.
  }
  return undefined;
}

/**
 * The change feed of instances sharing one PostgreSQL database: LISTEN on a dedicated connection
 * (a pooled one would be handed to queries, and a LISTEN lasts only as long as its session), NOTIFY
 * through the pool. When the listening connection drops, it is opened again (after
 * `reconnectDelayMs`) until the feed is closed; whatever was published meanwhile is lost, so every
 * listener drops everything once LISTEN is back, as it does at every safety TTL anyway. Changes
 * thus reach another instance in milliseconds while it listens, and within the safety TTL (5 s)
 * however the notification was lost.
 */
export function postgresChangeFeed(options: PostgresChangeFeedOptions): ChangeFeed {
  const instance = randomBytes(9).toString('base64url');
  const safetyTtlMs = options.safetyTtlMs ?? MAX_SAFETY_TTL_MS;
  const listeners = new ChangeListeners(safetyTtlMs, options.onError);
  let wake: (() => void) | undefined;
  const wait =
    options.waitBeforeReconnect ??
    ((attempt: number) =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, reconnectDelayMs(attempt));
        // close() ends the wait at once.
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      }));
  let closed = false;
  let client: pg.Client | undefined;
  let connections = 0;

  function onNotification(message: pg.Notification): void {
    const change = parsePayload(message.payload);
    // Our own (delivered at publish), a topic of a newer version of Loupe (no cache here has it), or
    // not ours at all (anyone may NOTIFY the channel).
    if (!change || change.i === instance || !isChangeTopic(change.t)) return;
    listeners.deliver({ topic: change.t, siteId: change.s });
  }

  /** Resolves when the connection fails or ends; rejects if it cannot LISTEN in the first place. */
  async function listenOnce(): Promise<unknown> {
    const c = new pg.Client(connectionConfig(options.url, { applicationName: 'loupe changes', statementTimeoutMs: 0 }));
    client = c;
    const lost = new Promise<unknown>((resolve) => {
      // Without an 'error' listener node-postgres's error would end the process.
      c.on('error', resolve);
      c.on('end', () => resolve(new Error('the listening connection ended')));
    });
    c.on('notification', onNotification);
    try {
      await c.connect();
      await c.query(`LISTEN ${CHANGE_CHANNEL}`);
    } catch (err) {
      c.end().catch(() => {});
      throw err;
    }
    if (closed) {
      await c.end().catch(() => {});
      return undefined;
    }
    connections += 1;
    // Whatever was published before this LISTEN (while down, or before the first) was not heard.
    listeners.dropAll();
    options.onState?.({ state: 'listening', connections });
    const error = await lost;
    c.end().catch(() => {});
    return error;
  }

  const running = (async () => {
    let attempt = 0;
    while (!closed) {
      let error: unknown;
      try {
        error = await listenOnce();
        attempt = 0;
      } catch (err) {
        error = err;
      }
      if (closed) break;
      attempt += 1;
      options.onState?.({ state: 'lost', attempt, error });
      await wait(attempt);
    }
  })();

  return {
    maxLagMs: safetyTtlMs,
    async publish(change) {
      listeners.deliver(change);
      try {
        await options.pool.query('SELECT pg_notify($1, $2)', [CHANGE_CHANNEL, changePayload(instance, change)]);
      } catch (err) {
        options.onError(err);
      }
    },
    subscribe: (topic, listener) => listeners.subscribe(topic, listener),
    async close() {
      if (closed) return;
      closed = true;
      listeners.close();
      wake?.();
      await client?.end().catch(() => {});
      await running;
    },
  };
}
