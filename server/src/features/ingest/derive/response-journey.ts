import { MAX_JOURNEY_DEPTH } from '@loupe/shared/constants';
import type { FrictionEvent } from './response-friction.js';

/**
 * The journey behind an answer: the session's last page steps strictly before it, oldest first,
 * at most MAX_JOURNEY_DEPTH. A step is a page view whose path differs from the previous one, so
 * reloading a page (or an SPA route change to the same path) is not a step of its own.
 * `events` sorted by ts, as for frictionBefore.
 */
export function journeyBefore(events: readonly FrictionEvent[], answeredAt: number): string[] {
  const steps: string[] = [];
  for (const e of events) {
    if (e.ts >= answeredAt) break;
    if (e.type !== 'pageview' || steps[steps.length - 1] === e.path) continue;
    steps.push(e.path);
    if (steps.length > MAX_JOURNEY_DEPTH) steps.shift();
  }
  return steps;
}
