import { randomUUID } from 'node:crypto';

/** One batch of events with fresh unique ids, as the widget would send it. */
export interface Batch {
  key: string;
  events: { id: string; ts: number; type: string; sessionId: string; url: string; path: string }[];
}

export function makeBatch(key: string, n = 10): Batch {
  const ts = Date.now();
  return {
    key,
    events: Array.from({ length: n }, (_, i) => ({
      id: randomUUID(),
      ts,
      type: 'pageview' as const,
      sessionId: `s-${i % 3}`,
      url: 'https://shop.example/p',
      path: '/p',
    })),
  };
}

/** What the server said to one batch: status 0 when the connection failed. */
export interface BatchAnswer {
  status: number;
  /** The problem+json `code` of an error answer. */
  code?: string;
  retryAfter?: string;
}

/** POSTs a batch as sendBeacon does; resolves what the server answered. */
export async function postBatchAnswer(baseUrl: string, body: Batch, signal?: AbortSignal): Promise<BatchAnswer> {
  try {
    const res = await fetch(`${baseUrl}/v1/collect`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify(body),
      ...(signal ? { signal } : {}),
    });
    const text = await res.text();
    if (res.status < 400) return { status: res.status };
    let code: string | undefined;
    try {
      code = (JSON.parse(text) as { code?: string }).code;
    } catch {
      code = 'not-json';
    }
    return { status: res.status, code, retryAfter: res.headers.get('retry-after') ?? undefined };
  } catch {
    return { status: 0 };
  }
}

/** POSTs a batch as sendBeacon does; resolves the status, or 0 when the connection failed. */
export async function postBatch(baseUrl: string, body: Batch, signal?: AbortSignal): Promise<number> {
  return (await postBatchAnswer(baseUrl, body, signal)).status;
}

export interface LoadGenerator {
  /** Batches answered 202: the server promised they are stored. */
  acked: Batch[];
  /** When each acknowledged batch's successful request was sent (performance.now()), in order. */
  ackedSentAt: number[];
  /** Attempts that failed (connection refused/reset, 503) and were retried with the same ids. */
  retries: number;
  /** Every answer by "status code" (e.g. "202", "503 storage_full", "0" for a failed connection). */
  answers: Map<string, number>;
  /** Error answers that asked the client to wait (429, 503) without a Retry-After. */
  missingRetryAfter: number;
  stop(): Promise<void>;
}

const answerKey = (a: BatchAnswer) => (a.code ? `${a.status} ${a.code}` : String(a.status));

/**
 * `workers` loops sending batches back to back, like widgets that retry: a batch that was not
 * acknowledged is resent with the same ids until it is, so crashes also exercise de-duplication.
 * `baseUrlOf` is asked before each attempt (a resend may go to another instance); `batch` makes
 * each new batch (default: makeBatch's pageviews).
 */
export function startLoad(
  baseUrlOf: () => string,
  key: string,
  workers = 8,
  batch: (key: string) => Batch = makeBatch,
): LoadGenerator {
  const gen: LoadGenerator = {
    acked: [],
    ackedSentAt: [],
    retries: 0,
    answers: new Map(),
    missingRetryAfter: 0,
    stop: async () => {},
  };
  let running = true;
  const loops = Array.from({ length: workers }, async () => {
    let body = batch(key);
    while (running) {
      const sentAt = performance.now();
      const answer = await postBatchAnswer(baseUrlOf(), body);
      gen.answers.set(answerKey(answer), (gen.answers.get(answerKey(answer)) ?? 0) + 1);
      if ((answer.status === 429 || answer.status === 503) && !answer.retryAfter) gen.missingRetryAfter++;
      if (answer.status === 202) {
        gen.acked.push(body);
        gen.ackedSentAt.push(sentAt);
        body = batch(key);
      } else {
        gen.retries++;
        await new Promise((r) => setTimeout(r, 10));
      }
    }
  });
  gen.stop = async () => {
    running = false;
    await Promise.all(loops);
  };
  return gen;
}
