import { VITAL_THRESHOLDS } from '@loupe/shared/constants';
import { type MetricType, onCLS, onFCP, onINP, onLCP, onTTFB } from 'web-vitals';
import { isReleased, release, runIdleWorkOnHide } from './tracked-globals.js';
import type { VitalRating, VitalReport } from './vitals-module.js';

/**
 * The Web Vitals code (in widget.js, startup-parts.ts; a chunk of its own in the ES module build): the
 * `web-vitals` package, reporting each metric's final value. Ratings use the shared thresholds
 * (the server rates with the same numbers).
 */
export function startVitals(report: VitalReport): () => void {
  const send = (m: MetricType) => {
    if (isReleased()) return;
    const [good, poor] = VITAL_THRESHOLDS[m.name];
    const rating: VitalRating = m.value > poor ? 'poor' : m.value > good ? 'needs-improvement' : 'good';
    report(m.name, m.value, rating, m.navigationType);
  };
  runIdleWorkOnHide();
  onCLS(send);
  onFCP(send);
  onINP(send);
  onLCP(send);
  onTTFB(send);
  return release;
}
