import { openServerDatabase } from '@loupe/server';
import { createIngestStore } from '@loupe/server/internal';
import { startPostgres } from '@loupe/server/testing/postgres';
import { makeGroups } from './bench-writer.js';
import { postgresCpuOf } from './postgres-cpu.js';

// The ingest store's group commits on PostgreSQL, without HTTP: a throwaway local server, the
// store committing bench-events' requests `perCommit` at a time in this process (as the writer
// does on PostgreSQL, in the main thread), and the CPU it costs on each side, per stored event.
// The server's share is mostly the round trips of the commit's statements, so this is where
// fewer statements per commit show.

export interface PostgresCommitsRound {
  events: number;
  /** This process's CPU, µs per stored event (the facade, the derivations, libpq). */
  serverCpu: number;
  /** The PostgreSQL server's processes' CPU, µs per stored event (undefined where /proc cannot say). */
  postgresCpu: number | undefined;
  wall: number;
}

/** `beforeRound(round)` runs before each round is timed (to alternate two variants in one server, say). */
export async function benchPostgresCommits(
  requests = 300,
  perCommit = 50,
  rounds = 2,
  beforeRound: (round: number) => void = () => {},
): Promise<PostgresCommitsRound[]> {
  const pg = await startPostgres({ database: 'bench_commits' });
  try {
    const db = await openServerDatabase({ kind: 'postgres', url: pg.url, poolSize: 1 });
    try {
      const pgCpu = await postgresCpuOf(pg.url);
      // The sites' rows: on PostgreSQL a commit drops the rows of a site it reads as gone
      // (site-write-locks.ts, prepareDeletedSites), so without them nothing would be written.
      const site = db.$client.prepare(
        'INSERT INTO sites (id, name, public_key, secret_hash, created_at) VALUES (?, ?, ?, ?, 0)',
      );
      for (const id of ['site_warm', 'site_bench']) site.run(id, id, `pk_${id}`, `sh_${id}`);
      // Another site's rows first, then one commit to warm the statements, as benchDerivations does.
      createIngestStore(db).commit(makeGroups(100, 'v4', 'site_warm'));
      const store = createIngestStore(db);
      store.commit(makeGroups(perCommit, 'v4'));
      const out: PostgresCommitsRound[] = [];
      for (let round = 0; round < rounds; round++) {
        beforeRound(round);
        const groups = makeGroups(requests, 'v4');
        const events = groups.reduce((n, g) => n + g.length, 0);
        const pgBefore = pgCpu();
        const before = process.cpuUsage();
        const start = performance.now();
        for (let i = 0; i < groups.length; i += perCommit) store.commit(groups.slice(i, i + perCommit));
        const wall = performance.now() - start;
        const cpu = process.cpuUsage(before);
        const pgAfter = pgCpu();
        out.push({
          events,
          serverCpu: (cpu.user + cpu.system) / events,
          postgresCpu: pgBefore === undefined || pgAfter === undefined ? undefined : (pgAfter - pgBefore) / events,
          wall: (wall * 1000) / events,
        });
      }
      return out;
    } finally {
      db.$client.close();
    }
  } finally {
    await pg.stop();
  }
}
