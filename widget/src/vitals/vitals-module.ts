import type { VITAL_NAMES, VITAL_RATINGS } from '@loupe/shared/constants';
import type { Scope } from '../scope.js';

export type VitalName = (typeof VITAL_NAMES)[number];
export type VitalRating = (typeof VITAL_RATINGS)[number];
export type VitalReport = (name: VitalName, value: number, rating: VitalRating, navigationType: string) => void;

/**
 * The contract between the signals and the Web Vitals code: in widget.js for the script tag
 * (startup-parts.ts), a chunk of its own in the ES module build.
 */
export interface VitalsModule {
  /** Starts observing; every listener, observer and timer it adds is registered in `scope`. */
  startVitals(scope: Scope, report: VitalReport): void;
}

export type VitalsLoader = () => Promise<VitalsModule>;
