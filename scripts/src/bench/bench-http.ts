import autocannon from 'autocannon';

export interface HttpResult {
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  total: number;
  /** Anything but the expected status, plus socket errors and timeouts: must be 0 for a fair run. */
  failures: number;
  /** What the failures were, when there were any ("503 ×3057, 2 socket errors"): the cause, not just the count. */
  failedWith?: string;
}

export interface HttpRun {
  url: string;
  contentType: string;
  body: () => string;
  expectStatus: number;
  durationSec: number;
  connections: number;
  /** A steady rate (requests per second over all connections) instead of as fast as answers come. */
  overallRate?: number;
}

/** Loads one route with autocannon from this process (the server runs in another, on its own core). */
export async function runHttp(run: HttpRun): Promise<HttpResult> {
  let unexpected = 0;
  const statuses = new Map<number, number>();
  const result = await autocannon({
    url: run.url,
    connections: run.connections,
    duration: run.durationSec,
    ...(run.overallRate !== undefined ? { overallRate: run.overallRate } : {}),
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': run.contentType },
        setupRequest: (req) => ({ ...req, body: run.body() }),
        onResponse: (status, body) => {
          if (status !== run.expectStatus) {
            unexpected += 1;
            statuses.set(status, (statuses.get(status) ?? 0) + 1);
            if (process.env.BENCH_DEBUG && unexpected < 3) console.error(status, body);
          }
        },
      },
    ],
  });
  const kinds = [
    ...[...statuses].map(([status, n]) => `${status} ×${n}`),
    ...(result.errors ? [`${result.errors} socket errors`] : []),
    ...(result.timeouts ? [`${result.timeouts} timeouts`] : []),
  ];
  return {
    ...(kinds.length ? { failedWith: kinds.join(', ') } : {}),
    reqPerSec: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    total: result.requests.total,
    failures: unexpected + result.errors + result.timeouts,
  };
}
