import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { openPostgres } from '@loupe/server';

// A PostgreSQL server does its work in processes of its own (a backend per connection, the WAL
// writer, the checkpointer), so the server process's cpuUsage misses it. The benchmarks charge it
// from /proc: the postmaster and every child of it, user + system time. Linux only.

/** CPU µs used so far by a local PostgreSQL server's processes, or undefined where /proc cannot say. */
export type PostgresCpu = () => number | undefined;

/** Reads the postmaster's pid from its data directory (the server must be local and readable). */
export async function postgresCpuOf(url: string): Promise<PostgresCpu> {
  const pool = openPostgres({ url, poolSize: 1, onIdleError: () => {} }).$client;
  let dataDir: string;
  try {
    dataDir = (await pool.query<{ d: string }>("SELECT current_setting('data_directory') AS d")).rows[0]!.d;
  } finally {
    await pool.end();
  }
  let postmaster: number;
  let ticksPerSecond: number;
  try {
    postmaster = Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
  } catch {
    return () => undefined;
  }
  return () => {
    let ticks = 0;
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      let stat: string;
      try {
        stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      } catch {
        continue; // exited meanwhile
      }
      // After the command's closing parenthesis: state, ppid, … utime (14th field), stime (15th).
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const pid = Number(entry);
      if (pid !== postmaster && Number(fields[1]) !== postmaster) continue;
      ticks += Number(fields[11]) + Number(fields[12]);
    }
    return (ticks * 1e6) / ticksPerSecond;
  };
}
