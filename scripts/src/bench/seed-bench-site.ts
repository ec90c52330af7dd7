import type { SiteWithSecret } from '@loupe/shared';
import { createSite, type Db } from '@loupe/server';
import { runSeed } from '../seed/run-seed.js';

export interface BenchSize {
  responses: number;
  events: number;
  days: number;
}

/**
 * A "Bench shop" site filled by the seeder to the benchmark's size (seed 1, so every run reads the
 * same data), with progress on stderr: what bench:query and bench:dashboard measure on.
 */
export function seedBenchSite(db: Db, size: BenchSize): SiteWithSecret {
  const t0 = Date.now();
  const site = createSite(db, { name: 'Bench shop', origins: [] });
  const events = size.events.toLocaleString('en');
  runSeed(db, {
    siteId: site.siteId,
    ...size,
    seed: 1,
    onProgress: (p) =>
      p.sessions % 20 === 0 && process.stderr.write(`\rseed: ${p.events.toLocaleString('en')}/${events} events`),
  });
  const seconds = ((Date.now() - t0) / 1000).toFixed(0);
  process.stderr.write(`\nseeded ${events} events / ${size.responses.toLocaleString('en')} answers in ${seconds} s\n`);
  return site;
}
