import type { Core } from '../core.js';
import { createScope, type Scope } from '../scope.js';
import type { VitalsLoader } from '../vitals/vitals-module.js';
import { trackEngagement } from './engagement.js';
import { trackLazySignals } from './lazy-signals.js';
import { trackPageviews } from './pageviews.js';
import type { SignalsLoader } from './signals-chunk-api.js';
import { trackVitals } from './vitals.js';

/** Starts every signal group the site didn't switch off; disposing the scope stops them all. */
export function startSignals(core: Core, loadVitals: VitalsLoader, loadSignals: SignalsLoader): Scope {
  const scope = createScope();
  const on = (group: string) => !core._cfg._off.includes(group);
  if (on('pageviews')) trackPageviews(core, scope);
  if (on('engagement')) trackEngagement(core, scope);
  // A group switched off entirely never downloads its code.
  if (on('clicks') || on('errors')) trackLazySignals(core, scope, loadSignals, on('clicks'), on('errors'));
  if (on('vitals')) trackVitals(core, scope, loadVitals);
  return scope;
}
