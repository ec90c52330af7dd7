import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../../db/open-database.js';
import { type DueDelivery, deliveryStatements } from './delivery-store.js';
import type { SecretBox } from './secret-box.js';
import { slackMessage } from './slack-message.js';
import { eventData, standardBody } from './webhook-payload.js';
import { sendWebhook, type SendResult } from './webhook-sender.js';
import { signatureHeader } from './webhook-signature.js';
import { signingSecrets } from './webhooks-store.js';

const S = 1000;
const MIN = 60 * S;
const H = 60 * MIN;

/** When the worker tries, and for how long. Tests shorten it through buildApp's options only. */
export interface WebhookTiming {
  /** Delay before each attempt, the first included (Standard Webhooks' schedule); past the last, the delivery failed. */
  retryScheduleMs: number[];
  /** ± this fraction of each delay, so endpoints that failed together do not retry together. */
  jitter: number;
  timeoutMs: number;
  /** How often the worker looks for due deliveries (new ones are due at once). */
  pollMs: number;
  /** An endpoint whose every attempt failed for this long is disabled and flagged `failing`. */
  failingDisableMs: number;
  /** The longest Retry-After honoured: a receiver cannot park a delivery for longer. */
  maxRetryAfterMs: number;
}

/**
 * How long the delivery log keeps a delivery that is done with (delivered or failed): its stored
 * body holds the answer as it was sent (a comment, a visitor id), so it does not stay forever.
 */
export const DELIVERY_LOG_MS = 30 * 24 * H;
/** Deliveries pruned per step: a short write, repeated each poll while there are more. */
const PRUNE_BATCH = 500;
/**
 * A claimed delivery is held this long past its send's timeout: another instance sends it again
 * only once the claimant has surely stopped (crashed mid-send; a shutdown gives it back at once).
 */
const CLAIM_MARGIN_MS = 30 * S;

export const SPEC_TIMING: WebhookTiming = {
  retryScheduleMs: [0, 5 * S, 5 * MIN, 30 * MIN, 2 * H, 5 * H, 10 * H, 14 * H, 20 * H, 24 * H],
  jitter: 0.1,
  timeoutMs: 15 * S,
  pollMs: 500,
  failingDisableMs: 5 * 24 * H,
  maxRetryAfterMs: 24 * H,
};

export interface DeliveryWorkerOptions {
  db: Db;
  box: SecretBox;
  timing: WebhookTiming;
  concurrency: number;
  allowPrivate: boolean;
  dashboardUrl: string | undefined;
  log: FastifyBaseLogger;
  random?: () => number;
}

/** The headers of one attempt: `webhook-timestamp` is the attempt's time, so each is signed afresh. */
export function webhookHeaders(
  secrets: string[],
  messageId: string,
  body: string,
  now: number,
): Record<string, string> {
  const timestamp = Math.floor(now / 1000);
  return {
    'webhook-id': messageId,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': signatureHeader(secrets, messageId, timestamp, body),
  };
}

/** The body of a delivery for its endpoint's kind, from what its subject is now. */
export function deliveryBody(
  db: Db,
  d: Pick<DueDelivery, 'site_id' | 'event_type' | 'subject' | 'created_at' | 'kind'>,
  dashboardUrl: string | undefined,
): string {
  const event = eventData(db, d.site_id, d.event_type, d.subject);
  return d.kind === 'slack'
    ? slackMessage(event, d.event_type, d.subject, { dashboard: dashboardUrl, siteId: d.site_id })
    : standardBody(d.event_type, d.subject, d.created_at, event);
}

/**
 * The sending end of the outbox, on the main thread (it only waits on sockets): looks for due
 * deliveries every `pollMs`, sends each endpoint's oldest one (one in flight per endpoint, so each
 * receives in order of creation; `concurrency` in flight in total), records every attempt and
 * schedules the next. Ingestion never waits for it: the writer only adds rows to the outbox. A
 * crash mid-send leaves the delivery pending; it is sent again after the restart (at least once,
 * and the `webhook-id` lets the receiver drop the repeat).
 */
export class DeliveryWorker {
  private readonly s;
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly aborts = new Set<AbortController>();
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private ticking = false;
  /** When the log was last found pruned (nothing more to delete). */
  private prunedAt = 0;
  private readonly random;

  constructor(private readonly o: DeliveryWorkerOptions) {
    this.s = deliveryStatements(o.db.$client);
    this.random = o.random ?? Math.random;
  }

  start(): void {
    this.running = true;
    this.kick();
  }

  /** Look now (a new delivery, a finished one, an endpoint enabled). */
  kick(): void {
    if (!this.running) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.tick(), 0);
  }

  /** Stops looking and aborts what is in flight: unrecorded, it is sent again after the restart. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    for (const a of this.aborts) a.abort();
    await Promise.allSettled([...this.inFlight.values()]);
  }

  private tick(): void {
    this.timer = undefined;
    if (!this.running || this.ticking) return;
    this.ticking = true;
    try {
      this.prune();
      const free = this.o.concurrency - this.inFlight.size;
      if (free > 0) {
        const now = Date.now();
        for (const d of this.s.dueHeads(now, free + this.inFlight.size)) {
          if (this.inFlight.size >= this.o.concurrency) break;
          if (this.inFlight.has(d.webhook_id)) continue;
          const until = now + this.o.timing.timeoutMs + CLAIM_MARGIN_MS;
          if (!this.s.claim(d, now, until)) continue;
          const p = this.deliver(d, until).then(
            () => {
              this.inFlight.delete(d.webhook_id);
              // The endpoint's next delivery may be due now.
              this.kick();
            },
            (err: unknown) => {
              // The database refused (busy, full): left to the next poll, not retried in a tight loop.
              this.inFlight.delete(d.webhook_id);
              this.o.log.error({ err, delivery: d.id }, 'webhook delivery could not be recorded');
            },
          );
          this.inFlight.set(d.webhook_id, p);
        }
      }
    } catch (err) {
      this.o.log.error({ err }, 'webhook worker could not read its queue');
    } finally {
      this.ticking = false;
      if (this.running && this.timer === undefined) this.timer = setTimeout(() => this.tick(), this.o.timing.pollMs);
    }
  }

  /** Hourly, and each poll while a batch came back full. */
  private prune(): void {
    const now = Date.now();
    if (now - this.prunedAt < H) return;
    if (this.s.pruneLog(now - DELIVERY_LOG_MS, PRUNE_BATCH) < PRUNE_BATCH) this.prunedAt = now;
  }

  private async deliver(d: DueDelivery, claimedUntil: number): Promise<void> {
    const { timing } = this.o;
    let body = d.payload;
    if (body === null) {
      // Built at the first attempt (the writer thread only announces), then kept for every retry.
      this.s.savePayload(d.seq, deliveryBody(this.o.db, d, this.o.dashboardUrl));
      body = this.s.payloadOf.get(d.seq) ?? '';
    }
    const abort = new AbortController();
    this.aborts.add(abort);
    let result: SendResult;
    const at = Date.now();
    try {
      const headers = webhookHeaders(
        signingSecrets(
          { secret: d.secret, previousSecret: d.previous_secret, previousSecretUntil: d.previous_secret_until },
          this.o.box,
          at,
        ),
        d.message_id,
        body,
        at,
      );
      result = await sendWebhook(d.url, headers, body, {
        timeoutMs: timing.timeoutMs,
        allowPrivate: this.o.allowPrivate,
        signal: abort.signal,
      });
    } catch (err) {
      result = {
        statusCode: null,
        durationMs: 0,
        error: err instanceof Error ? err.message : String(err),
        responseExcerpt: null,
        retryAfterMs: null,
      };
    } finally {
      this.aborts.delete(abort);
    }
    if (abort.signal.aborted) {
      this.s.release(d, claimedUntil, Date.now());
      return;
    }
    const now = Date.now();
    const attempt = d.attempts + 1;
    const ok = result.statusCode !== null && result.statusCode >= 200 && result.statusCode < 300;
    const gone = result.statusCode === 410;
    let status: 'pending' | 'delivered' | 'failed' = 'pending';
    let next: number | null = null;
    let disable: 'gone' | 'failing' | undefined;
    const failingSince = ok ? null : (d.failing_since ?? at);
    if (ok) status = 'delivered';
    else if (gone) {
      // The receiver says the endpoint is no more: stop at once; the delivery waits, due again if re-enabled.
      disable = 'gone';
      next = now;
    } else if (attempt >= timing.retryScheduleMs.length) status = 'failed';
    else if (result.retryAfterMs !== null) next = now + Math.min(result.retryAfterMs, timing.maxRetryAfterMs);
    else next = now + this.jittered(timing.retryScheduleMs[attempt]!);
    if (!ok && !gone && now - failingSince! >= timing.failingDisableMs) disable = 'failing';
    this.s.record({
      seq: d.seq,
      webhookId: d.webhook_id,
      attempt,
      at,
      statusCode: result.statusCode,
      durationMs: result.durationMs,
      error: result.error,
      responseExcerpt: result.responseExcerpt,
      status,
      nextAttemptAt: next,
      failingSince,
      disable,
    });
    if (disable !== undefined) this.o.log.warn({ webhook: d.webhook_id, reason: disable }, 'webhook endpoint disabled');
  }

  private jittered(ms: number): number {
    return Math.round(ms * (1 + (this.random() * 2 - 1) * this.o.timing.jitter));
  }
}
