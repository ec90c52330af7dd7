import http from 'node:http';
import https from 'node:https';
import { guardedLookup, refusedLiteral } from './address-guard.js';

/** The start of a receiver's answer kept in the delivery log. */
export const EXCERPT_CHARS = 1000;

export interface SendResult {
  /** The receiver's status; null when no answer came (refused address, timeout, connection error). */
  statusCode: number | null;
  durationMs: number;
  error: string | null;
  responseExcerpt: string | null;
  /** Retry-After of a 429 or 503, in ms (seconds or an HTTP date); null when absent or unreadable. */
  retryAfterMs: number | null;
}

export interface SendOptions {
  timeoutMs: number;
  allowPrivate: boolean;
  /** Aborted: the request is dropped at once (shutdown). */
  signal?: AbortSignal;
  now?: () => number;
}

/** Retry-After as seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | undefined, now: number): number | null {
  if (value === undefined) return null;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/**
 * One POST, the way the Standard Webhooks spec asks a sender to make it: no redirect is followed
 * (a 3xx is a failed attempt: following one would let a public URL bounce the request to a private
 * address), the whole exchange must end within `timeoutMs`, and the address connected to is
 * checked after DNS (address-guard.ts). Node's own http client, because its `lookup` hook is where
 * that check belongs; fetch (undici) offers no such hook without another dependency.
 */
export function sendWebhook(
  url: string,
  headers: Record<string, string>,
  body: string,
  opts: SendOptions,
): Promise<SendResult> {
  const now = opts.now ?? Date.now;
  const started = now();
  const done = (r: Omit<SendResult, 'durationMs'>): SendResult => ({ ...r, durationMs: Math.max(0, now() - started) });
  const failed = (error: string) => done({ statusCode: null, error, responseExcerpt: null, retryAfterMs: null });
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return Promise.resolve(failed('invalid URL'));
  }
  const refused = refusedLiteral(target, opts.allowPrivate);
  if (refused !== undefined) return Promise.resolve(failed(`refused: ${refused}`));
  const client = target.protocol === 'https:' ? https : http;

  return new Promise((resolve) => {
    let settled = false;
    const finish = (r: SendResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(r);
    };
    const req = client.request(target, {
      method: 'POST',
      headers: {
        ...headers,
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(body)),
        'user-agent': 'Loupe-Webhooks/1',
      },
      lookup: guardedLookup(opts.allowPrivate),
      // A fresh connection per attempt: a pooled socket would skip the lookup, and so the check.
      agent: false,
    });
    const timer = setTimeout(() => {
      req.destroy();
      finish(failed(`timed out after ${opts.timeoutMs} ms`));
    }, opts.timeoutMs);
    opts.signal?.addEventListener('abort', () => {
      req.destroy();
      finish(failed('aborted'));
    });
    req.on('error', (err: NodeJS.ErrnoException) => {
      const refusedAddress = err.code === 'ERR_WEBHOOK_ADDRESS_REFUSED';
      finish(failed(refusedAddress ? `refused: ${err.message}` : `${err.code ?? 'error'}: ${err.message}`));
    });
    req.on('response', (res) => {
      const status = res.statusCode ?? 0;
      let excerpt = '';
      res.setEncoding('utf8');
      const end = () => {
        const redirect = status >= 300 && status < 400;
        const retryAfter = status === 429 || status === 503 ? parseRetryAfter(res.headers['retry-after'], now()) : null;
        finish(
          done({
            statusCode: status,
            error: redirect ? `redirect not followed (to ${String(res.headers.location ?? 'nowhere')})` : null,
            responseExcerpt: excerpt.length > 0 ? excerpt.slice(0, EXCERPT_CHARS) : null,
            retryAfterMs: retryAfter,
          }),
        );
        res.destroy();
      };
      res.on('data', (chunk: string) => {
        excerpt += chunk;
        // Enough for the log: the rest of a large answer is not read.
        if (excerpt.length >= EXCERPT_CHARS) end();
      });
      res.on('end', end);
      res.on('error', end);
      res.on('close', end);
    });
    req.end(body);
  });
}
