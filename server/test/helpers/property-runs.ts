/**
 * A property test's fast-check run count: `runs` as written, scaled by LOUPE_TEST_RUNS_SCALE when
 * set (the server-pg project sets it, as every run there costs more round trips than on SQLite;
 * `LOUPE_TEST_RUNS_SCALE=1` runs them all), never below a handful of runs.
 */
export function propertyRuns(runs: number): number {
  const scale = Number(process.env.LOUPE_TEST_RUNS_SCALE ?? '1');
  if (!(scale > 0))
    throw new Error(`LOUPE_TEST_RUNS_SCALE must be a positive number, not ${process.env.LOUPE_TEST_RUNS_SCALE}`);
  return Math.max(Math.min(Math.round(runs), 5), Math.round(runs * scale));
}
