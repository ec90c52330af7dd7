import type { SignalGroup } from '../config.js';
import type { Core } from '../core.js';
import type { Scope } from '../scope.js';
import type { VitalsLoader } from '../vitals/vitals-module.js';
import { trackClicks } from './clicks.js';
import { trackEngagement } from './engagement.js';
import { trackErrors } from './errors.js';
import { trackVitals } from './vitals.js';

/**
 * The signals started after start (in widget.js, startup-parts.ts; a chunk of its own in the ES
 * module build): what needs no code at page load (clicks and the frustration signals, error capture
 * details, engagement time, the Web Vitals start after `load`), so the loader stays small.
 * Everything it adds goes on the loader's signals scope, so stopping the signals undoes it (and
 * the chunk needs no scope code of its own).
 */
export function start(core: Core, scope: Scope, started: number, early: Event[], vitals: VitalsLoader): void {
  const on = (group: SignalGroup) => !core._cfg.disable.includes(group);
  if (on('clicks')) trackClicks(core, scope);
  if (on('errors')) trackErrors(core, scope, started, early);
  if (on('engagement')) trackEngagement(core, scope, started);
  if (on('vitals')) trackVitals(core, scope, vitals);
}
