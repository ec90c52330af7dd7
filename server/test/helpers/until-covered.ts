/**
 * Runs a property test's batch (`fc.assert(…)`) again until `covered()` says its random cases
 * exercised what the property is about, at most `maxBatches` times. A single batch misses now and
 * then by chance (fewer runs on PostgreSQL make it likelier), and a coverage guard that fails by
 * chance is a flaky test; the guard after this call still fails when the cases never get there.
 */
export async function untilCovered(batch: () => unknown, covered: () => boolean, maxBatches = 6): Promise<void> {
  for (let run = 0; run < maxBatches && (run === 0 || !covered()); run++) await batch();
}
