import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEventWriter } from '../src/features/ingest/writer/event-writer.js';
import { threadedCommitBackend } from '../src/features/ingest/writer/threaded-commit-backend.js';
import { rows, shopSite } from './helpers/collect.js';
import { pageview, response } from './helpers/events.js';
import { ingestRows, storedCount } from './helpers/ingest-rows.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

// Each test starts writer threads from TypeScript through tsx (about 1 s apiece on a quiet machine).
describe('the ingest writer thread', { timeout: 20_000 }, () => {
  let t: TestApp;
  let siteId: string;
  beforeAll(async () => {
    t = await createTestApp();
    siteId = shopSite(t.app).siteId;
  });
  afterAll(() => t.close());

  const batch = (events: unknown[]) => ingestRows(siteId, events);
  const stored = (ids: string[]) => storedCount(t.app, ids);

  it('commits on its own connection: acknowledged rows are visible to the app, duplicates counted, derivations written', async () => {
    const backend = threadedCommitBackend(t.dbPath);
    await backend.ready;
    const writer = createEventWriter(t.app.db, { maxDelayMs: 5, maxRows: 10_000, backend });
    const views = batch([pageview(), pageview()]);
    const answer = batch([response(crypto.randomUUID(), 9)]);
    const [a, b, again] = await Promise.all([writer.write(views), writer.write(answer), writer.write([...views])]);
    expect(a).toEqual({ accepted: 2, duplicates: 0 });
    expect(b).toEqual({ accepted: 1, duplicates: 0 });
    expect(again).toEqual({ accepted: 0, duplicates: 2 });
    // Read on the main connection right after the acknowledgement: already committed.
    expect(stored([...views, ...answer].map((r) => r.id))).toBe(3);
    expect(rows(t.app, 'SELECT score FROM responses WHERE site_id = ?', siteId)).toEqual([{ score: 9 }]);
    // The thread reports its own CPU time (what bench:ingest charges the writer), which commits add to.
    const before = await writer.writerCpuMicros();
    await writer.write(batch([pageview(), pageview(), pageview()]));
    const after = await writer.writerCpuMicros();
    // And its id in the kernel (what bench:ingest pins it by): a thread of this process, not this one.
    const thread = await writer.writerThreadId();
    if (process.platform === 'linux') {
      expect(before).toBeGreaterThan(0);
      expect(after).toBeGreaterThan(before!);
      expect(thread).not.toBe(process.pid);
      expect(existsSync(`/proc/${process.pid}/task/${thread}`)).toBe(true);
    }
    await writer.close();
  });

  it('isolates a poisoned request across the thread boundary and closes after the last commit', async () => {
    const backend = threadedCommitBackend(t.dbPath);
    const writer = createEventWriter(t.app.db, { maxDelayMs: 5, maxRows: 10_000, backend });
    const good = batch([pageview(), pageview()]);
    const poisoned = batch([pageview(), pageview()]);
    poisoned[1] = { ...poisoned[1]!, siteId: null as unknown as string };
    const results = await Promise.allSettled([writer.write(good), writer.write(poisoned)]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected']);
    expect(String((results[1] as PromiseRejectedResult).reason)).toMatch(/NOT NULL/);
    expect(stored([...good, poisoned[0]!].map((r) => r.id))).toBe(2);
    const last = batch([pageview()]);
    const pending = writer.write(last);
    await writer.close();
    expect(await pending).toEqual({ accepted: 1, duplicates: 0 });
    expect(stored([last[0]!.id])).toBe(1);
  });

  it('a thread that dies rejects the commits it had not answered, and a new thread takes the next ones', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'loupe-thread-'));
    const entry = new URL('./helpers/dying-writer-thread.mjs', import.meta.url);
    const exits: string[] = [];
    const backend = threadedCommitBackend(path.join(dir, 'x.db'), {
      entry,
      onThreadExit: (err, restarting) => exits.push(`${err.message} ${restarting}`),
    });
    await backend.ready;
    expect(backend.state).toBe('up');
    await expect(backend.commit([batch([pageview()])])).rejects.toThrow(/writer thread exited \(code 7\)/);
    // Rejected as the thread exited, before a new one could say it is ready.
    expect(backend.state).toBe('restarting');
    // The same backend, a new thread: this commit is answered.
    await backend.ready;
    expect(backend.state).toBe('up');
    expect(await backend.commit([batch([pageview(), pageview()])])).toEqual([
      { ok: true, result: { accepted: 2, duplicates: 0 } },
    ]);
    expect(exits).toEqual(['the ingest writer thread exited (code 7) true']);
    await backend.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a thread that dies and whose replacement cannot open the database leaves the backend gone', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'loupe-thread-'));
    const entry = new URL('./helpers/dying-writer-thread.mjs', import.meta.url);
    const exits: boolean[] = [];
    const backend = threadedCommitBackend(path.join(dir, 'unopenable.db'), {
      entry,
      onThreadExit: (_err, restarting) => exits.push(restarting),
    });
    await backend.ready;
    await expect(backend.commit([batch([pageview()])])).rejects.toThrow(/code 7/);
    await expect(backend.ready).rejects.toThrow(/SQLITE_CANTOPEN/);
    expect(backend.state).toBe('gone');
    expect(exits).toEqual([true, false]);
    // Gone: commits fail at once instead of waiting for a thread that will never come.
    await expect(backend.commit([batch([pageview()])])).rejects.toThrow(/SQLITE_CANTOPEN/);
    await backend.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a thread that cannot open its database fails `ready` instead of restarting forever', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'loupe-thread-'));
    const notADirectory = path.join(dir, 'file');
    writeFileSync(notADirectory, '');
    const backend = threadedCommitBackend(path.join(notADirectory, 'loupe.db'));
    await expect(backend.ready).rejects.toThrow(/is a file, not a folder/);
    // No thread, and none coming: commits fail at once and closing does not wait for an exit.
    await expect(backend.commit([batch([pageview()])])).rejects.toThrow(/is a file, not a folder|exited/);
    await backend.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
