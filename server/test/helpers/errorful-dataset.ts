import fc from 'fast-check';
import type { Dataset } from './random-dataset.js';

/**
 * Datasets with more errors than the shared ones (where they are rare): extra error steps spliced
 * into the sessions, so sessions meet several JS errors in several commits, some on pages they
 * have not viewed (yet), some on pages of their own steps. `minErrors` sets how many at least, for
 * a property whose narrow questions (an audience and a page) find no error among a few.
 */
export const errorful = (datasets: fc.Arbitrary<Dataset>, minErrors = 0) =>
  fc
    .tuple(
      datasets,
      fc.array(
        fc.record({
          session: fc.nat(),
          at: fc.nat(),
          path: fc.constantFrom('/', '/cart', '/checkout'),
          source: fc.constantFrom('error', 'unhandledrejection', 'resource'),
          template: fc.integer({ min: 0, max: 2 }),
          /** On a page of the session's own steps: an error visit, not only an error session. */
          ownPage: fc.boolean(),
        }),
        { minLength: minErrors, maxLength: Math.max(12, minErrors) },
      ),
    )
    .map(([d, extra]) => {
      const sessions = d.sessions.map((x) => ({ ...x, steps: [...x.steps] }));
      for (const e of extra) {
        const steps = sessions[e.session % sessions.length]!.steps;
        const error = { type: 'error' as const, source: e.source, template: e.template };
        const path = e.ownPage ? steps[e.at % steps.length]!.path : e.path;
        steps.splice(e.at % (steps.length + 1), 0, { gapSec: 1, path, what: error } as (typeof steps)[number]);
      }
      return { ...d, sessions };
    });
