import fc from 'fast-check';
import { createSite } from '../../src/features/sites/sites-store.js';
import { withIdentify } from './identify-events.js';
import { createDatasetPrompts, ingestDataset } from './ingest-dataset.js';
import { datasetArb, datasetEvents, type Dataset } from './random-dataset.js';
import type { TestApp } from './test-app.js';

/**
 * A property over random datasets with identify calls among their events (traits set after the
 * first page views, changed, cleared), each ingested into a new site of `t` in commits of 1–40
 * requests; `check` then looks at what the writer kept for that site. `datasets` narrows the
 * random datasets where a check needs, say, several sessions.
 */
export const identifiedDatasetProperty = (
  t: TestApp,
  check: (siteId: string) => void,
  datasets: fc.Arbitrary<Dataset> = datasetArb,
) =>
  fc.property(datasets, fc.nat(), fc.integer({ min: 1, max: 40 }), (dataset, salt, batch) => {
    const site = createSite(t.app.db, { name: 'a', origins: [] });
    const events = withIdentify(datasetEvents(dataset, createDatasetPrompts(t.app, site.siteId)), salt);
    ingestDataset(t.app, site.siteId, events, batch);
    check(site.siteId);
  });
