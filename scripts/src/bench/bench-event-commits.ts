import { eventRowValues, INSERT_EVENT_SQL } from '@loupe/server/internal';
import { freshDb, makeGroups } from './bench-writer.js';

// What group commits cost without the read model: the same event rows, nothing derived, inserted
// in one transaction (the raw baseline of benchWriter) and in commits of `perCommit` rows (what
// the writer does). CPU, not wall time: fsync's wait on a shared disk scatters far more than the
// work does. Their ratio is the writer target's, for a writer that stored the events alone.

export interface EventCommitsResult {
  events: number;
  /** µs of CPU per event, one transaction: each run's, in order. */
  oneTransaction: number[];
  /** µs of CPU per event, in commits of `perCommit` events. */
  groupCommits: number[];
}

export function benchEventCommits(requests = 1000, perCommit = 500, repeats = 3): EventCommitsResult {
  const rows = makeGroups(requests, 'v4').flat();
  const run = (per: number) => {
    const { db, dispose } = freshDb();
    try {
      const insert = db.$client.prepare(INSERT_EVENT_SQL);
      const commit = db.$client.transaction((some: typeof rows) => {
        for (const r of some) insert.run(eventRowValues(r));
      });
      const before = process.cpuUsage();
      for (let i = 0; i < rows.length; i += per) commit(rows.slice(i, i + per));
      const cpu = process.cpuUsage(before);
      return (cpu.user + cpu.system) / rows.length;
    } finally {
      dispose();
    }
  };
  run(rows.length); // warm-up
  const out: EventCommitsResult = { events: rows.length, oneTransaction: [], groupCommits: [] };
  for (let i = 0; i < repeats; i++) {
    out.oneTransaction.push(run(rows.length));
    out.groupCommits.push(run(perCommit));
  }
  return out;
}
