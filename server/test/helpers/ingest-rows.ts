import type { App } from '../../src/app.js';
import type { IngestRow } from '../../src/features/ingest/ingest-row.js';
import { prepareEvents } from '../../src/features/ingest/http/prepare-events.js';
import { rows } from './collect.js';

/** Events validated and mapped as the route does, for a desktop Chrome client: the writer's input. */
export const ingestRows = (siteId: string, events: unknown[]): IngestRow[] =>
  prepareEvents(events, undefined, { siteId, receivedAt: Date.now(), client: { device: 'desktop', browser: 'chrome' } })
    .rows;

/** How many of these event ids are stored. */
export const storedCount = (app: App, ids: string[]) =>
  rows<{ n: number }>(app, `SELECT count(*) AS n FROM events WHERE id IN (${ids.map(() => '?').join(',')})`, ...ids)[0]!
    .n;
