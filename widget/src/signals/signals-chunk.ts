import type { SignalGroup } from '../config.js';
import type { Core } from '../core.js';
import { createScope } from '../scope.js';
import type { VitalsLoader } from '../vitals/vitals-module.js';
import { trackClicks } from './clicks.js';
import { trackEngagement } from './engagement.js';
import { trackErrors } from './errors.js';
import { trackVitals } from './vitals.js';

/**
 * Entry of the lazily loaded signals chunk: what needs no code at page load (clicks and the
 * frustration signals, error capture details, engagement time, the Web Vitals start after
 * `load`), so the loader stays within its budget. Its own scope: the function returned undoes
 * everything it added.
 */
export function start(core: Core, started: number, early: Event[], vitals: VitalsLoader): () => void {
  const scope = createScope();
  const on = (group: SignalGroup) => !core._cfg.disable.includes(group);
  if (on('clicks')) trackClicks(core, scope);
  if (on('errors')) trackErrors(core, scope, started, early);
  if (on('engagement')) trackEngagement(core, scope, started);
  if (on('vitals')) trackVitals(core, scope, vitals);
  return scope._dispose;
}
