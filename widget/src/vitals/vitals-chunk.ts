import type { MetricType } from 'web-vitals';
// Each metric by its own entry (the package's ES module sources, not its prebuilt minified
// bundle): our build minifies them with the rest (its `_` members shortened as ours), 15 B gzip less.
import { onCLS } from 'web-vitals/onCLS.js';
import { onFCP } from 'web-vitals/onFCP.js';
import { onINP } from 'web-vitals/onINP.js';
import { onLCP } from 'web-vitals/onLCP.js';
import { onTTFB } from 'web-vitals/onTTFB.js';
import { isReleased, release, runIdleWorkOnHide } from './tracked-globals.js';
import type { VitalReport } from './vitals-module.js';

/**
 * The Web Vitals code (in widget.js, startup-parts.ts; a chunk of its own in the ES module build): the
 * `web-vitals` package, reporting each metric's final value with web-vitals' own rating, whose
 * thresholds are the shared ones the server rates with (test/unit/vitals-thresholds.test.ts holds
 * them equal), so the loader carries no second copy.
 */
export function startVitals(report: VitalReport): () => void {
  const send = (m: MetricType) => {
    if (!isReleased()) report(m.name, m.value, m.rating, m.navigationType);
  };
  runIdleWorkOnHide();
  onCLS(send);
  onFCP(send);
  onINP(send);
  onLCP(send);
  onTTFB(send);
  return release;
}
