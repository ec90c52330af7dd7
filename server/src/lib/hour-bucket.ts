/** Rollups are bucketed by UTC hour; see db/schema/signal-rollups.ts for why hours and what it costs. */
export const HOUR_MS = 3_600_000;

/** Epoch ms at the start of the UTC hour containing `ts` (ts is never negative here). */
export const hourOf = (ts: number): number => ts - (ts % HOUR_MS);

/** Epoch ms at the start of the UTC day containing `ts` (the daily rollup tiers' key). */
export const dayOf = (ts: number): number => ts - (ts % (24 * HOUR_MS));

/** Epoch ms of the first day of the UTC calendar month containing `ts`. */
export const monthOf = (ts: number): number => {
  const d = new Date(ts);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
};
