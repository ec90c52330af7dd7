import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSite } from '../src/features/sites/sites-store.js';
import { collect, rows } from './helpers/collect.js';
import { pageview } from './helpers/events.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

// The retry storm. fast-check builds schedules that replay, reorder and overlap
// batches (a retried batch can carry events of another, as a widget's queue re-chunks after a
// failure) and sends them in concurrent waves. Stored rows equal distinct ids; every replay is 2xx.

const RUNS = Number(process.env.RETRY_STORM_RUNS ?? 30);
let t: TestApp;
const figure = { runs: 0, requests: 0, events: 0, distinct: 0, stored: 0, non2xx: 0 };

beforeAll(async () => {
  // The group-commit window makes concurrent waves land in the same transaction.
  t = await createTestApp({ LOUPE_RATE_LIMIT_MAX: '1000000', LOUPE_WRITER_MAX_DELAY_MS: '5' });
});
afterAll(async () => {
  console.log(
    `FIGURE retry-storm: runs=${figure.runs}, requests=${figure.requests}, events-sent=${figure.events}, ` +
      `distinct-ids=${figure.distinct}, stored-rows=${figure.stored}, non-2xx=${figure.non2xx}`,
  );
  await t.close();
});

/** One send: a batch made of slices of the base batches (overlap) in a given order. */
const sendArb = (nBatches: number) =>
  fc.record({
    parts: fc.uniqueArray(fc.nat({ max: nBatches - 1 }), { minLength: 1, maxLength: 3 }),
    // Which share of each part's events go in (a re-chunked retry sends a subset).
    keep: fc.double({ min: 0.2, max: 1, noNaN: true }),
    reverse: fc.boolean(),
  });

const scheduleArb = fc.integer({ min: 2, max: 8 }).chain((nBatches) =>
  fc.record({
    sizes: fc.array(fc.integer({ min: 1, max: 20 }), { minLength: nBatches, maxLength: nBatches }),
    waves: fc.array(fc.array(sendArb(nBatches), { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 5 }),
  }),
);

describe('retry storm', () => {
  it('stores each distinct id once, whatever the replays, order and overlap', { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(scheduleArb, async ({ sizes, waves }) => {
        const site = createSite(t.app.db, { name: `Storm ${randomUUID()}`, origins: ['https://shop.example'] });
        const batches = sizes.map((n) => Array.from({ length: n }, () => pageview()));
        const sentIds = new Set<string>();
        let accepted = 0;
        for (const wave of waves) {
          // A wave's sends are concurrent: the same ids race each other into the writer.
          const results = await Promise.all(
            wave.map(async ({ parts, keep, reverse }) => {
              let events = parts.flatMap((i) =>
                batches[i]!.slice(0, Math.max(1, Math.ceil(batches[i]!.length * keep))),
              );
              if (reverse) events = [...events].reverse();
              // Overlapping parts never repeat an id within one batch (the widget never does).
              events = [...new Map(events.map((e) => [e.id, e])).values()];
              for (const e of events) sentIds.add(e.id);
              figure.events += events.length;
              const res = await collect(t.app, { key: site.publicKey, events });
              figure.requests++;
              return { res, n: events.length };
            }),
          );
          for (const { res, n } of results) {
            if (res.statusCode !== 202) figure.non2xx++;
            expect(res.statusCode, res.body).toBe(202);
            const body = res.json<{ accepted: number; duplicates: number; rejected: unknown[] }>();
            expect(body.rejected).toEqual([]);
            expect(body.accepted + body.duplicates).toBe(n);
            accepted += body.accepted;
          }
        }
        const stored = rows<{ n: number }>(t.app, 'SELECT count(*) AS n FROM events WHERE site_id = ?', site.siteId)[0]!
          .n;
        const distinctStored = rows<{ n: number }>(
          t.app,
          'SELECT count(DISTINCT id) AS n FROM events WHERE site_id = ?',
          site.siteId,
        )[0]!.n;
        figure.runs++;
        figure.distinct += sentIds.size;
        figure.stored += stored;
        expect(stored).toBe(sentIds.size);
        expect(distinctStored).toBe(stored);
        // The answers agree with the table: each id was "accepted" exactly once across the storm.
        expect(accepted).toBe(sentIds.size);
      }),
      { numRuns: RUNS, seed: Number(process.env.RETRY_STORM_SEED ?? 11) },
    );
  });
});
