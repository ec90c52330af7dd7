import type { VITAL_NAMES, VITAL_RATINGS } from '@loupe/shared/constants';

export type VitalName = (typeof VITAL_NAMES)[number];
export type VitalRating = (typeof VITAL_RATINGS)[number];
export type VitalReport = (name: VitalName, value: number, rating: VitalRating, navigationType: string) => void;

/**
 * The contract between the loader and the lazily loaded vitals chunk. Two separate bundles,
 * so no member may start with `_` (esbuild would mangle them differently in each).
 */
export interface VitalsModule {
  /** Starts observing; returns the function that removes every listener, observer and timer. */
  start(report: VitalReport): () => void;
}

export type VitalsLoader = () => Promise<VitalsModule>;
