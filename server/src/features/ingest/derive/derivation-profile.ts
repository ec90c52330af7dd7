/**
 * Where a commit's time goes, by derivation: name → milliseconds, summed over every commit of a
 * store made with one (`createIngestStore(db, { profile })`). For the benchmarks (bench:ingest's
 * "writer by derivation"); production stores have none, and then nothing is timed.
 */
export type DerivationProfile = Map<string, number>;

/** Runs `work`, adding its time to `name` when there is a profile. */
export function timed<T>(profile: DerivationProfile | undefined, name: string, work: () => T): T {
  if (profile === undefined) return work();
  const start = performance.now();
  try {
    return work();
  } finally {
    profile.set(name, (profile.get(name) ?? 0) + performance.now() - start);
  }
}
