import type { Core } from '../core.js';
import { createScope, type Scope } from '../scope.js';
import type { VitalsLoader } from '../vitals/vitals-module.js';
import { trackClicks } from './clicks.js';
import { trackEngagement } from './engagement.js';
import { trackErrors } from './errors.js';
import { trackPageviews } from './pageviews.js';
import { trackVitals } from './vitals.js';

/** Starts every signal group the site didn't switch off; disposing the scope stops them all. */
export function startSignals(core: Core, loadVitals: VitalsLoader): Scope {
  const scope = createScope();
  const on = (group: string) => !core._cfg._off.includes(group);
  if (on('pageviews')) trackPageviews(core, scope);
  if (on('engagement')) trackEngagement(core, scope);
  if (on('clicks')) trackClicks(core, scope);
  if (on('errors')) trackErrors(core, scope);
  if (on('vitals')) trackVitals(core, scope, loadVitals);
  return scope;
}
