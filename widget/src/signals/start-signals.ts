import type { SignalGroup } from '../config.js';
import type { Core } from '../core.js';
import { createScope, type Scope } from '../scope.js';
import type { VitalsLoader } from '../vitals/vitals-module.js';
import { trackLazySignals } from './lazy-signals.js';
import { trackPageviews } from './pageviews.js';
import type { SignalsLoader } from './signals-chunk-api.js';

/** The groups whose code starts from signals-chunk.ts (lazily imported in the ES module build). */
const LAZY_GROUPS: SignalGroup[] = ['clicks', 'errors', 'engagement', 'vitals'];

/** Starts every signal group the site didn't switch off; disposing the scope stops them all. */
export function startSignals(core: Core, loadVitals: VitalsLoader, loadSignals: SignalsLoader): Scope {
  const scope = createScope();
  const on = (group: SignalGroup) => !core._cfg.disable.includes(group);
  if (on('pageviews')) trackPageviews(core, scope);
  // Groups switched off entirely never start (nor download their chunk, in the ES module build).
  if (LAZY_GROUPS.some(on)) trackLazySignals(core, scope, loadSignals, loadVitals);
  return scope;
}
