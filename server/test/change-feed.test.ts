import { describe, expect, it } from 'vitest';
import { inProcessChangeFeed } from '../src/lib/change-feed.js';

// The change feed's contract on one process (SQLite); PostgreSQL's is postgres-change-feed.test.ts.

describe('the in-process change feed', () => {
  it("delivers a publish to the topic's listeners before publish returns; unsubscribing stops it", async () => {
    const errors: unknown[] = [];
    const feed = inProcessChangeFeed({ onError: (err) => errors.push(err) });
    const heard: (string | undefined)[] = [];
    const stop = feed.subscribe('sites', (siteId) => heard.push(siteId));
    const stopTwin = feed.subscribe('sites', (siteId) => heard.push(`twin ${siteId}`));

    const published = feed.publish({ topic: 'sites', siteId: 'site_1' });
    expect(heard).toEqual(['site_1', 'twin site_1']);
    await published;

    stop();
    await feed.publish({ topic: 'sites', siteId: 'site_2' });
    expect(heard).toEqual(['site_1', 'twin site_1', 'twin site_2']);
    stopTwin();
    expect(feed.maxLagMs).toBe(0);
    expect(errors).toEqual([]);
    await feed.close();
  });

  it('reports a listener that throws, and the others still hear of the change', async () => {
    const errors: unknown[] = [];
    const feed = inProcessChangeFeed({ onError: (err) => errors.push(err) });
    const heard: (string | undefined)[] = [];
    feed.subscribe('sites', () => {
      throw new Error('broken cache');
    });
    feed.subscribe('sites', (siteId) => heard.push(siteId));
    await expect(feed.publish({ topic: 'sites', siteId: 'site_1' })).resolves.toBeUndefined();
    expect(heard).toEqual(['site_1']);
    expect(errors).toEqual([new Error('broken cache')]);
    await feed.close();
  });

  it('tells every listener to drop everything once per safety TTL', async () => {
    const feed = inProcessChangeFeed({ safetyTtlMs: 20, onError: () => {} });
    const dropped = new Promise<string | undefined>((resolve) => feed.subscribe('sites', resolve));
    expect(await dropped).toBeUndefined();
    await feed.close();
  });

  it('refuses a safety TTL outside (0, 5 s]', () => {
    for (const safetyTtlMs of [0, -1, 5_001, Number.NaN]) {
      expect(() => inProcessChangeFeed({ safetyTtlMs, onError: () => {} }), String(safetyTtlMs)).toThrow(
        /at most 5000 ms/,
      );
    }
  });
});
