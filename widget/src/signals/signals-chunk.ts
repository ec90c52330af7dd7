import type { Core } from '../core.js';
import { createScope } from '../scope.js';
import { trackClicks } from './clicks.js';
import { trackEngagement } from './engagement.js';
import { trackErrors } from './errors.js';
import type { SignalsHost } from './signals-chunk-api.js';
import { trackVitals } from './vitals.js';

/**
 * Entry of the lazily loaded signals chunk: what needs no code at page load (clicks and the
 * frustration signals, error capture details, engagement time, the Web Vitals start after `load`), so the loader
 * stays within its budget. Its own
 * scope: the function returned undoes everything it added.
 */
export function start(host: SignalsHost): () => void {
  const scope = createScope();
  // A Core for the signals, built from the host's wire-safe names.
  const core = { _emit: host.emit, _hub: host.hub, _depth: host.depth, _cfg: { _self: host.self } } as unknown as Core;
  if (host.clicks) trackClicks(core, scope);
  if (host.errors) trackErrors(core, scope, host.early);
  if (host.engagement) trackEngagement(core, scope, host.started);
  if (host.vitals) trackVitals(host.emit, scope, host.vitals, host.landing);
  return scope._dispose;
}
