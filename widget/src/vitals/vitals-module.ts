import type { VITAL_NAMES, VITAL_RATINGS } from '@loupe/shared/constants';

export type VitalName = (typeof VITAL_NAMES)[number];
export type VitalRating = (typeof VITAL_RATINGS)[number];
export type VitalReport = (name: VitalName, value: number, rating: VitalRating, navigationType: string) => void;

/**
 * The contract between the signals and the Web Vitals code: in widget.js for the script tag
 * (startup-parts.ts), a chunk of its own in the ES module build. Either way it is bundled on its own
 * (build.mjs, fresh-each-start), so no member may start with `_` (esbuild would mangle them
 * differently in each bundle).
 */
export interface VitalsModule {
  /** Starts observing; returns the function that removes every listener, observer and timer. */
  startVitals(report: VitalReport): () => void;
}

export type VitalsLoader = () => Promise<VitalsModule>;
