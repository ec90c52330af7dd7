import { copyFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DatabaseFiles } from '../src/db/database-files.js';
import { ApiError } from '../src/errors/api-error.js';
import { commitInPlace } from '../src/features/ingest/writer/commit-isolated.js';
import { createEventWriter } from '../src/features/ingest/writer/event-writer.js';
import { createIngestStore } from '../src/features/ingest/writer/ingest-store.js';
import { threadedCommitBackend } from '../src/features/ingest/writer/threaded-commit-backend.js';
import { collect, rows, shopSite } from './helpers/collect.js';
import { pageview } from './helpers/events.js';
import { ingestRows, storedCount } from './helpers/ingest-rows.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

// The disk filling up, and the database files deleted or replaced under the running server: the
// clients get a 503 with Retry-After and a code that says so (never a 500, never a 202 for what
// was not stored where the server will read it), /healthz says so, and a full disk recovers by
// itself once there is space again. SQLite's page limit (max_page_count) stands for a full disk
// here: it fails writes with the very SQLITE_FULL a full disk does. scripts/test/chaos-disk-full
// fills a real (tmpfs) file system under load.

let t: TestApp | undefined;
afterEach(async () => {
  vi.useRealTimers();
  await t?.close();
  t = undefined;
});

/** A batch big enough to need new pages: text that does not fit in what the file has free. */
const bigBatch = (key: string, n = 80) => ({
  key,
  events: Array.from({ length: n }, (_, i) => pageview({ sessionId: `s${i}`, path: `/p/${'x'.repeat(200)}/${i}` })),
});

const health = async (app: TestApp['app']) => {
  const res = await app.inject({ url: '/healthz' });
  return { status: res.statusCode, body: res.json() as { status: string; storage: { state: string; since?: string } } };
};

function expectProblem(
  res: { statusCode: number; headers: Record<string, unknown>; json(): { code: string } },
  code: string,
) {
  expect(res.statusCode).toBe(503);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.json().code).toBe(code);
  expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
}

describe('a full disk', () => {
  it('is a 503 storage_full with Retry-After for ingestion and the API, /healthz says so, and it recovers by itself', async () => {
    t = await createTestApp({ LOUPE_WRITER_THREAD: 'false' });
    const { app } = t;
    const site = shopSite(app);
    const sqlite = app.db.$client;
    // No new page from now on: the main connection is the writer's too (LOUPE_WRITER_THREAD=false).
    // VACUUM first: the migrations leave free pages (dropped triggers and indexes) that writes would
    // reuse before needing a new one, so the API's writes below would hit another limit first.
    sqlite.exec('VACUUM');
    expect(sqlite.pragma('freelist_count', { simple: true })).toBe(0);
    sqlite.pragma(`max_page_count = ${sqlite.pragma('page_count', { simple: true })}`);

    const refused = bigBatch(site.publicKey);
    const res = await collect(app, refused);
    expectProblem(res, 'storage_full');
    expect(
      storedCount(
        app,
        refused.events.map((e) => e.id),
      ),
    ).toBe(0);

    const down = await health(app);
    expect(down.status).toBe(503);
    expect(down.body.status).toBe('unavailable');
    expect(down.body.storage.state).toBe('full');
    expect(Date.parse(down.body.storage.since!)).toBeGreaterThan(0);

    // A write of the API on the main connection: prompts until one needs a page there is not.
    let answer;
    for (let i = 0; i < 200; i++) {
      answer = await app.inject({
        method: 'POST',
        url: '/v1/prompts',
        headers: { authorization: `Bearer ${site.secretKey}` },
        payload: {
          name: `NPS ${i} ${'n'.repeat(100)}`,
          kind: 'nps',
          texts: { en: { question: `How likely? ${'q'.repeat(300)}` } },
        },
      });
      if (answer.statusCode !== 201) break;
    }
    expectProblem(answer!, 'storage_full');

    // Space is back: the next health check's probe sees it (/healthz probes at most once a
    // second: the clock moves on by one), and ingestion stores again.
    sqlite.pragma('max_page_count = 1073741823');
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 1000);
    const up = await health(app);
    vi.useRealTimers();
    expect(up).toMatchObject({ status: 200, body: { status: 'ok', storage: { state: 'ok' } } });
    const again = await collect(app, refused);
    expect(again.statusCode, again.body).toBe(202);
    expect(
      storedCount(
        app,
        refused.events.map((e) => e.id),
      ),
    ).toBe(refused.events.length);
  });

  it('reaches the client the same way from the writer thread, which probes until space is back', async () => {
    t = await createTestApp();
    const { siteId } = shopSite(t.app);
    const backend = threadedCommitBackend(t.dbPath, {
      entry: new URL('./helpers/limited-writer-thread.mjs', import.meta.url),
    });
    await backend.ready;
    const states: string[] = [];
    const writer = createEventWriter(t.app.db, {
      maxDelayMs: 0,
      maxRows: 10_000,
      backend,
      onStorage: (s) => states.push(s.state),
    });
    const batch = ingestRows(siteId, bigBatch('pk').events);

    const refused = await writer.write(batch).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(refused).toBeInstanceOf(ApiError);
    expect(refused).toMatchObject({ statusCode: 503, code: 'storage_full', headers: { 'retry-after': '30' } });
    expect(writer.storage.state).toBe('full');
    expect((await writer.probeStorage()).state).toBe('full');

    writeFileSync(`${t.dbPath}.space`, '');
    expect((await writer.probeStorage()).state).toBe('ok');
    expect(await writer.write(batch)).toEqual({ accepted: batch.length, duplicates: 0 });
    expect(
      storedCount(
        t.app,
        batch.map((r) => r.id),
      ),
    ).toBe(batch.length);
    expect(states).toEqual(['full', 'ok']);
    await writer.close();
  }, 30_000);
});

describe('database files deleted or replaced under the running server', () => {
  const cases: [string, (dbPath: string) => void][] = [
    ['the database file deleted', (dbPath) => rmSync(dbPath)],
    ['its WAL deleted', (dbPath) => rmSync(`${dbPath}-wal`)],
    [
      'another database renamed over it (a restore)',
      (dbPath) => {
        copyFileSync(dbPath, `${dbPath}.restore`);
        renameSync(`${dbPath}.restore`, dbPath);
      },
    ],
  ];

  it.each(cases)(
    '%s: writes are refused with 503 storage_unavailable, never acknowledged, and /healthz says moved',
    async (_label, damage) => {
      t = await createTestApp();
      const { app } = t;
      const site = shopSite(app);
      expect((await collect(app, bigBatch(site.publicKey, 5))).statusCode).toBe(202);

      damage(t.dbPath);
      const res = await collect(app, bigBatch(site.publicKey, 5));
      expectProblem(res, 'storage_unavailable');
      expect(res.body).not.toContain(t.dbPath); // the path is for the log, not for clients
      const prompt = await app.inject({
        method: 'POST',
        url: '/v1/prompts',
        headers: { authorization: `Bearer ${site.secretKey}` },
        payload: { name: 'NPS', kind: 'nps', texts: { en: { question: 'How likely?' } } },
      });
      expectProblem(prompt, 'storage_unavailable');
      const h = await health(app);
      expect(h).toMatchObject({ status: 503, body: { status: 'unavailable', storage: { state: 'moved' } } });
      // Reads still answer from what the server has open.
      expect(
        (await app.inject({ url: '/v1/site', headers: { authorization: `Bearer ${site.secretKey}` } })).statusCode,
      ).toBe(200);
    },
  );

  it('a commit during which the files were replaced is not acknowledged', async () => {
    const fake = (answers: (string | undefined)[]): DatabaseFiles => ({ check: () => answers.shift() });
    t = await createTestApp();
    const { siteId } = shopSite(t.app);
    const store = createIngestStore(t.app.db);
    const groups = [ingestRows(siteId, [pageview()]), ingestRows(siteId, [pageview()])];
    expect(commitInPlace(store, fake([undefined, 'replaced during the commit']), groups)).toEqual([
      { ok: false, message: 'replaced during the commit', fault: 'moved' },
      { ok: false, message: 'replaced during the commit', fault: 'moved' },
    ]);
    const later = [ingestRows(siteId, [pageview()])];
    expect(commitInPlace(store, fake(['gone before']), later)).toEqual([
      { ok: false, message: 'gone before', fault: 'moved' },
    ]);
    expect(rows(t.app, 'SELECT id FROM events WHERE id = ?', later[0]![0]!.id)).toEqual([]);
  });
});
