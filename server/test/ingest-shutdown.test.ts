import { describe, expect, it } from 'vitest';
import { collect, rows, shopSite } from './helpers/collect.js';
import { pageview } from './helpers/events.js';
import { createTestApp } from './helpers/test-app.js';

describe('ingestion during shutdown', () => {
  // Two apps, each starting its writer thread from TypeScript (1-2 s apiece on a quiet machine).
  it('commits queued batches before the database closes and answers newcomers 503 problem+json', {
    timeout: 30_000,
  }, async () => {
    // The longest group-commit delay: the first batch waits in the writer's queue for 1 s.
    const t = await createTestApp({ LOUPE_WRITER_MAX_DELAY_MS: '1000' });
    const { publicKey: key, siteId } = shopSite(t.app);
    const early = pageview();
    const first = collect(t.app, { key, events: [early] });
    while (t.app.ingestWriter.queuedRows === 0) await new Promise((r) => setImmediate(r));
    // close() starts while the first batch is queued, not yet committed.
    expect(t.app.ingestWriter.queuedRows).toBe(1);
    const closing = t.app.close();
    const late = await collect(t.app, { key, events: [pageview()] });
    expect(late.statusCode).toBe(503);
    expect(late.headers['content-type']).toContain('application/problem+json');
    expect(late.headers['retry-after']).toBe('1');
    expect(late.json().code).toBe('shutting_down');

    expect((await first).statusCode).toBe(202);
    await closing;
    // Reopen the file: the acknowledged event is there.
    const again = await createTestApp({ LOUPE_DB: t.dbPath });
    expect(rows(again.app, 'SELECT id FROM events WHERE site_id = ?', siteId)).toEqual([{ id: early.id }]);
    await again.close();
    await t.close();
  });
});
