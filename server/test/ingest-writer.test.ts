import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../src/errors/api-error.js';
import type { CommitBackend } from '../src/features/ingest/writer/commit-backend.js';
import type { CommitOutcome } from '../src/features/ingest/writer/commit-isolated.js';
import { createEventWriter } from '../src/features/ingest/writer/event-writer.js';
import type { IngestRow } from '../src/features/ingest/ingest-row.js';
import { createIngestStore, type IngestStore } from '../src/features/ingest/writer/ingest-store.js';
import { shopSite } from './helpers/collect.js';
import { pageview } from './helpers/events.js';
import { ingestRows, storedCount } from './helpers/ingest-rows.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

describe('group-commit event writer', () => {
  let t: TestApp;
  let siteId: string;
  beforeAll(async () => {
    t = await createTestApp();
    siteId = shopSite(t.app).siteId;
  });
  afterAll(() => t.close());

  const batch = (n: number): IngestRow[] =>
    ingestRows(
      siteId,
      Array.from({ length: n }, () => pageview()),
    );
  const count = (ids: string[]) => storedCount(t.app, ids);

  /** The real store, with its transactions counted. */
  function countingStore(): IngestStore & { commits: number[] } {
    const real = createIngestStore(t.app.db);
    const s = {
      commits: [] as number[],
      commit: (groups: readonly IngestRow[][]) => {
        const result = real.commit(groups);
        s.commits.push(groups.length);
        return result;
      },
      probe: () => real.probe(),
    };
    return s;
  }

  it('commits concurrent requests in one transaction and answers each with its own counts', async () => {
    const store = countingStore();
    const writer = createEventWriter(t.app.db, { maxDelayMs: 20, maxRows: 10_000, store });
    const a = batch(3);
    const b = batch(2);
    const pa = writer.write(a);
    const pb = writer.write([...b, b[0]!]);
    // Not acknowledged before the commit: nothing is on disk yet.
    expect(count([...a, ...b].map((r) => r.id))).toBe(0);
    expect(await pa).toEqual({ accepted: 3, duplicates: 0 });
    expect(await pb).toEqual({ accepted: 2, duplicates: 1 });
    expect(store.commits).toEqual([2]);
    expect(count([...a, ...b].map((r) => r.id))).toBe(5);
  });

  it('commits on the next turn, not after maxDelayMs, once maxRows are queued', async () => {
    const store = countingStore();
    const writer = createEventWriter(t.app.db, { maxDelayMs: 60_000, maxRows: 5, store });
    const first = writer.write(batch(3));
    expect(writer.queuedRows).toBe(3);
    const second = writer.write(batch(3));
    await new Promise((r) => setImmediate(r));
    expect(writer.queuedRows).toBe(0);
    expect(store.commits).toEqual([2]);
    await Promise.all([first, second]);
  });

  it('drains the whole backlog in one commit', async () => {
    const store = countingStore();
    const writer = createEventWriter(t.app.db, { maxDelayMs: 60_000, maxRows: 5, store });
    const writes = Array.from({ length: 10 }, () => writer.write(batch(3)));
    await Promise.all(writes);
    expect(store.commits).toEqual([10]);
  });

  it('with an asynchronous backend, queues writes behind the commit in flight and sends them next, together; close() waits for both', async () => {
    const commits: { groups: number; done: (outcomes: CommitOutcome[]) => void }[] = [];
    const backend: CommitBackend = {
      commit: (groups) => new Promise((done) => commits.push({ groups: groups.length, done })),
      probe: () => ({ ok: true, result: { accepted: 0, duplicates: 0 } }),
      ready: Promise.resolve(),
      close: async () => {},
      state: 'up',
    };
    const ok = (groups: number): CommitOutcome[] =>
      Array.from({ length: groups }, () => ({ ok: true, result: { accepted: 1, duplicates: 0 } }));
    const writer = createEventWriter(t.app.db, { maxDelayMs: 0, maxRows: 10_000, backend });
    const a = writer.write(batch(1));
    await new Promise((r) => setImmediate(r));
    expect(commits.map((c) => c.groups)).toEqual([1]);
    // B and C arrive while A's commit is in flight: nothing is sent until it is answered.
    const b = writer.write(batch(1));
    const c = writer.write(batch(1));
    await new Promise((r) => setImmediate(r));
    expect(commits.map((x) => x.groups)).toEqual([1]);
    let closed = false;
    const closing = writer.close().then(() => (closed = true));
    commits[0]!.done(ok(1));
    await a;
    await new Promise((r) => setImmediate(r));
    expect(commits.map((x) => x.groups)).toEqual([1, 2]);
    expect(closed).toBe(false);
    commits[1]!.done(ok(2));
    expect(await Promise.all([b, c])).toEqual([
      { accepted: 1, duplicates: 0 },
      { accepted: 1, duplicates: 0 },
    ]);
    await closing;
    expect(closed).toBe(true);
  });

  it('settled() waits for every row queued before it, in flight or waiting, and not for rows queued after', async () => {
    const commits: { done: (outcomes: CommitOutcome[]) => void; groups: number }[] = [];
    const backend: CommitBackend = {
      commit: (groups) => new Promise((done) => commits.push({ groups: groups.length, done })),
      probe: () => ({ ok: true, result: { accepted: 0, duplicates: 0 } }),
      ready: Promise.resolve(),
      close: async () => {},
      state: 'up',
    };
    const ok = (groups: number): CommitOutcome[] =>
      Array.from({ length: groups }, () => ({ ok: true, result: { accepted: 1, duplicates: 0 } }));
    const writer = createEventWriter(t.app.db, { maxDelayMs: 0, maxRows: 10_000, backend });
    let idle = false;
    await writer.settled().then(() => (idle = true));
    expect(idle).toBe(true);

    void writer.write(batch(1));
    await new Promise((r) => setImmediate(r));
    // A in flight, B waiting behind it: settled() now waits for both commits.
    void writer.write(batch(1));
    const marks: string[] = [];
    const whileInFlight = writer.settled().then(() => marks.push('A and B'));
    await new Promise((r) => setImmediate(r));
    commits[0]!.done(ok(1));
    await new Promise((r) => setImmediate(r));
    expect(commits).toHaveLength(2);
    // C arrives after the call: its commit is not waited for.
    const c = writer.write(batch(1)).catch((err: unknown) => (err as Error).message);
    expect(marks).toEqual([]);
    commits[1]!.done(ok(1));
    await whileInFlight;
    expect(marks).toEqual(['A and B']);
    await new Promise((r) => setImmediate(r));
    expect(commits).toHaveLength(3);
    // A commit that fails settles too: settled() never rejects.
    const afterC = writer.settled();
    commits[2]!.done([{ ok: false, message: 'disk on fire' }] as CommitOutcome[]);
    await afterC;
    expect(await c).toBe('disk on fire');
    await writer.close();
  });

  it('isolates a failing request: the others in its group are still stored', async () => {
    const writer = createEventWriter(t.app.db, { maxDelayMs: 10, maxRows: 10_000 });
    const good1 = batch(2);
    const good2 = batch(2);
    const poisoned = batch(2);
    // A real constraint failure: site_id is NOT NULL.
    poisoned[1] = { ...poisoned[1]!, siteId: null as unknown as string };
    const results = await Promise.allSettled([writer.write(good1), writer.write(poisoned), writer.write(good2)]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(String((results[1] as PromiseRejectedResult).reason)).toMatch(/NOT NULL/);
    expect(count([...good1, ...good2].map((r) => r.id))).toBe(4);
    // The poisoned request's transaction rolled back whole: its valid row is not half-stored.
    expect(count([poisoned[0]!.id])).toBe(0);
  });

  it('flushes on close and then refuses writes with 503', async () => {
    const writer = createEventWriter(t.app.db, { maxDelayMs: 60_000, maxRows: 10_000 });
    const rowsToKeep = batch(2);
    const pending = writer.write(rowsToKeep);
    writer.close();
    expect(await pending).toEqual({ accepted: 2, duplicates: 0 });
    expect(count(rowsToKeep.map((r) => r.id))).toBe(2);
    const refused = await writer.write(batch(1)).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ApiError);
    expect((refused as ApiError).statusCode).toBe(503);
  });
});
