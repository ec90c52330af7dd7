import { describe, expect, it } from 'vitest';
import { collect, rows, shopSite } from './helpers/collect.js';
import { pageview } from './helpers/events.js';
import { createTestApp } from './helpers/test-app.js';

describe('ingestion during shutdown', () => {
  it('commits queued batches before the database closes and answers newcomers 503 problem+json', async () => {
    // A long group-commit delay: the first batch is still queued in the writer when close() starts.
    const t = await createTestApp({ LOUPE_WRITER_MAX_DELAY_MS: '500' });
    const { publicKey: key, siteId } = shopSite(t.app);
    const early = pageview();
    const first = collect(t.app, { key, events: [early] });
    await new Promise((r) => setTimeout(r, 50));
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
