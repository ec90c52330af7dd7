// `npx tsx scripts/src/bench-seed-growth.ts [--events N] [--responses N] [--windows N] [--db PATH]`:
// whether a stored event costs more as the database grows. Seeds a fresh SQLite file as
// `npm run seed` does (same generator, same seed, through the writer's store) and prints, for each
// tenth of the run (--windows), the process's CPU per event in that window (seeder and writer),
// the writer's commits alone, and the derivations that cost most there, on the process's CPU
// clock (a shared machine's wall time doubles between runs; CPU time per unit of work barely
// moves). A flat column is the point: docs/ingest-cost.md "As the database grows".

import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

// Before the store is loaded: the derivation profile reads `performance.now` (as bench-derivations-cpu.ts).
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
Object.defineProperty(performance, 'now', { value: cpuMs });

const { createSite, loadDatabaseConfig, openServerDatabase } = await import('@loupe/server');
const { runSeed } = await import('./seed/run-seed.js');

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '300000' },
    responses: { type: 'string', default: '30000' },
    windows: { type: 'string', default: '10' },
    db: { type: 'string' },
  },
});
const events = Number(values.events);
const windows = Math.max(1, Number(values.windows));
const dir = values.db === undefined ? mkdtempSync(path.join(os.tmpdir(), 'loupe-seed-growth-')) : undefined;
const file = values.db ?? path.join(dir!, 'growth.db');
const db = await openServerDatabase(loadDatabaseConfig({ LOUPE_DB: file }));

const profile = new Map<string, number>();
let seen = new Map<string, number>();
let from = { events: 0, cpu: cpuMs() };
const rows: { upTo: number; cpu: number; writer: number }[] = [];
try {
  const site = createSite(db, { name: 'Seed shop', origins: ['https://shop.example'] });
  console.log('events stored | µs CPU per event in the window: process, writer | the writer’s costliest parts');
  runSeed(db, {
    siteId: site.siteId,
    events,
    responses: Number(values.responses),
    days: 180,
    seed: 1,
    profile,
    onProgress: (p) => {
      if (p.events - from.events < events / windows && !p.done) return;
      const n = p.events - from.events;
      if (n === 0) return;
      const now = cpuMs();
      const perEvent = (name: string) => (((profile.get(name) ?? 0) - (seen.get(name) ?? 0)) * 1000) / n;
      const parts = [...profile.keys()]
        .filter((name) => name !== 'total')
        .map((name) => [name, perEvent(name)] as const)
        .sort((a, b) => b[1] - a[1])
        .slice(0, 3);
      const row = { upTo: p.events, cpu: ((now - from.cpu) * 1000) / n, writer: perEvent('total') };
      rows.push(row);
      console.log(
        `${p.events.toLocaleString('en').padStart(13)} | ${row.cpu.toFixed(0).padStart(5)} ${row.writer.toFixed(0).padStart(5)} | ` +
          parts.map(([name, us]) => `${us.toFixed(0)} ${name.slice(0, 44)}`).join(' · '),
      );
      seen = new Map(profile);
      from = { events: p.events, cpu: now };
    },
  });
  // The seed's closing ANALYZE and its complaint updates fall in the last window: compare with the one before.
  const [first, last] = [rows[0], rows.at(-2) ?? rows.at(-1)];
  if (first && last)
    console.log(
      `process, last full window ÷ first: ${(last.cpu / first.cpu).toFixed(2)}; writer: ${(last.writer / first.writer).toFixed(2)} (load ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')})`,
    );
} finally {
  db.$client.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
}
