import { randomUUID } from 'node:crypto';

/** One batch of pageviews with fresh unique ids, as the widget would send it. */
export interface Batch {
  key: string;
  events: { id: string; ts: number; type: 'pageview'; sessionId: string; url: string; path: string }[];
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

/** POSTs a batch as sendBeacon does; resolves the status, or 0 when the connection failed. */
export async function postBatch(baseUrl: string, body: Batch, signal?: AbortSignal): Promise<number> {
  try {
    const res = await fetch(`${baseUrl}/v1/collect`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify(body),
      ...(signal ? { signal } : {}),
    });
    await res.arrayBuffer();
    return res.status;
  } catch {
    return 0;
  }
}

export interface LoadGenerator {
  /** Batches answered 202: the server promised they are stored. */
  acked: Batch[];
  /** Attempts that failed (connection refused/reset, 503) and were retried with the same ids. */
  retries: number;
  stop(): Promise<void>;
}

/**
 * `workers` loops sending batches back to back, like widgets that retry: a batch that was not
 * acknowledged is resent with the same ids until it is, so crashes also exercise de-duplication.
 */
export function startLoad(baseUrlOf: () => string, key: string, workers = 8): LoadGenerator {
  const gen: LoadGenerator = { acked: [], retries: 0, stop: async () => {} };
  let running = true;
  const loops = Array.from({ length: workers }, async () => {
    let body = makeBatch(key);
    while (running) {
      const status = await postBatch(baseUrlOf(), body);
      if (status === 202) {
        gen.acked.push(body);
        body = makeBatch(key);
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
