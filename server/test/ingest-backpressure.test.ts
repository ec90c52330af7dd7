import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { ApiError } from '../src/errors/api-error.js';
import type { CommitBackend } from '../src/features/ingest/writer/commit-backend.js';
import type { CommitOutcome } from '../src/features/ingest/writer/commit-isolated.js';
import { createEventWriter } from '../src/features/ingest/writer/event-writer.js';
import { collect, shopSite } from './helpers/collect.js';
import { pageview } from './helpers/events.js';
import { ingestRows, storedCount } from './helpers/ingest-rows.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

/** A backend whose commits stay in flight until the test answers them. */
function heldBackend() {
  const commits: { rows: number[]; done: (o: CommitOutcome[]) => void }[] = [];
  const backend: CommitBackend = {
    commit: (groups) => new Promise((done) => commits.push({ rows: groups.map((g) => g.length), done })),
    probe: () => ({ ok: true, result: { accepted: 0, duplicates: 0 } }),
    ready: Promise.resolve(),
    close: async () => {},
    state: 'up',
  };
  const answer = (i: number) =>
    commits[i]!.done(commits[i]!.rows.map((n) => ({ ok: true, result: { accepted: n, duplicates: 0 } })));
  return { backend, commits, answer };
}

const turn = () => new Promise((r) => setImmediate(r));

describe('ingest back-pressure', () => {
  let t: TestApp;
  let siteId: string;
  let key: string;
  beforeAll(async () => {
    // One second of group-commit delay holds the first request in the queue while the test sends
    // the next: no timing races, the queue is full for as long as the test needs.
    t = await createTestApp({ LOUPE_WRITER_MAX_QUEUED_ROWS: '100', LOUPE_WRITER_MAX_DELAY_MS: '1000' });
    ({ siteId, publicKey: key } = shopSite(t.app));
  }, 30_000);
  afterAll(() => t.close());

  const rows = (n: number) =>
    ingestRows(
      siteId,
      Array.from({ length: n }, () => pageview()),
    );

  it('refuses a write that would take the rows waiting behind the commit in flight past the cap, and only that one', async () => {
    const { backend, commits, answer } = heldBackend();
    const writer = createEventWriter(t.app.db, { maxDelayMs: 0, maxRows: 1000, maxQueuedRows: 5, backend });
    const a = writer.write(rows(3));
    await turn();
    expect(commits.map((c) => c.rows)).toEqual([[3]]);
    expect(writer.inFlightRows).toBe(3);
    // The commit in flight does not count: 3 more may wait, then 2, but not 3 more on top.
    const b = writer.write(rows(3));
    const refused = await writer.write(rows(3)).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ApiError);
    expect(refused).toMatchObject({ statusCode: 503, headers: { 'retry-after': '2' } });
    const d = writer.write(rows(2));
    expect(writer.queuedRows).toBe(5);
    answer(0);
    await a;
    await turn();
    expect(commits.map((c) => c.rows)).toEqual([[3], [3, 2]]);
    expect(writer.queuedRows).toBe(0);
    expect(writer.inFlightRows).toBe(5);
    answer(1);
    expect(await Promise.all([b, d])).toEqual([
      { accepted: 3, duplicates: 0 },
      { accepted: 2, duplicates: 0 },
    ]);
    // Drained: taken again.
    const e = writer.write(rows(4));
    await turn();
    answer(2);
    expect(await e).toEqual({ accepted: 4, duplicates: 0 });
    await writer.close();
  });

  it('never refuses when nothing waits, even a request larger than the cap', async () => {
    const { backend, answer } = heldBackend();
    const writer = createEventWriter(t.app.db, { maxDelayMs: 0, maxRows: 1000, maxQueuedRows: 5, backend });
    const big = writer.write(rows(8));
    await turn();
    // In flight, nothing waits: the next one is taken whatever its size.
    const next = writer.write(rows(8));
    answer(0);
    await big;
    await turn();
    answer(1);
    expect(await next).toEqual({ accepted: 8, duplicates: 0 });
    await writer.close();
  });

  it('/v1/collect answers 503 problem+json with Retry-After while the queue is full, and 202 again once it drained', async () => {
    const first = Array.from({ length: 100 }, () => pageview());
    const waiting = collect(t.app, { key, events: first });
    // The first request's 100 rows wait for the group-commit delay.
    for (let i = 0; i < 200 && t.app.ingestWriter.queuedRows < 100; i++) await new Promise((r) => setTimeout(r, 5));
    expect(t.app.ingestWriter.queuedRows).toBe(100);

    const refusedEvent = pageview();
    const refused = await collect(t.app, { key, events: [refusedEvent] });
    expect(refused.statusCode).toBe(503);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.headers['retry-after']).toBe('2');
    expect(refused.json()).toMatchObject({ status: 503, code: 'overloaded', title: 'Ingestion is busy' });

    expect((await waiting).statusCode).toBe(202);
    expect(
      storedCount(
        t.app,
        first.map((e) => e.id),
      ),
    ).toBe(100);
    // Refused means not stored: the widget's retry is the one that counts, once.
    expect(storedCount(t.app, [refusedEvent.id])).toBe(0);
    const retried = await collect(t.app, { key, events: [refusedEvent] });
    expect(retried.statusCode).toBe(202);
    expect(retried.json()).toMatchObject({ accepted: 1, duplicates: 0 });
  }, 30_000);

  it('LOUPE_WRITER_MAX_QUEUED_ROWS defaults to 20,000 and is never below one full request', () => {
    expect(loadConfig({}).writer.maxQueuedRows).toBe(20_000);
    expect(loadConfig({ LOUPE_WRITER_MAX_QUEUED_ROWS: '5000' }).writer.maxQueuedRows).toBe(5000);
    expect(() => loadConfig({ LOUPE_WRITER_MAX_QUEUED_ROWS: '99' })).toThrow(/LOUPE_WRITER_MAX_QUEUED_ROWS/);
    expect(() => loadConfig({ LOUPE_WRITER_MAX_QUEUED_ROWS: 'lots' })).toThrow(/LOUPE_WRITER_MAX_QUEUED_ROWS/);
  });
});
