import { promptDefinitionSchema } from '@loupe/shared';
import type { App } from '../../src/app.js';
import { createIngestStore } from '../../src/features/ingest/writer/ingest-store.js';
import type { IngestRow } from '../../src/features/ingest/ingest-row.js';
import { prepareEvents } from '../../src/features/ingest/http/prepare-events.js';
import { createPrompt } from '../../src/features/prompts/prompts-store.js';
import { promptIdsFor, type DatasetEvent, type PromptIds } from './random-dataset.js';

/** The dataset's three prompts, under the fixed ids its events use. */
export function createDatasetPrompts(app: App, siteId: string): PromptIds {
  const ids = promptIdsFor(siteId);
  for (const [kind, id] of Object.entries(ids)) {
    const p = createPrompt(
      app.db,
      siteId,
      promptDefinitionSchema.parse({ name: kind, kind, texts: { en: { question: 'How?' } } }),
    );
    app.db.$client.prepare('UPDATE prompts SET id = ? WHERE id = ?').run(id, p.id);
  }
  return ids;
}

/**
 * Ingests through the writer's store, validated and scrubbed like POST /v1/collect (each event
 * "received" just after it happened, so old DST dates pass the age check), in time order and in
 * transactions of `batch` events.
 */
export function ingestDataset(app: App, siteId: string, events: readonly DatasetEvent[], batch = 25): void {
  const store = createIngestStore(app.db);
  let rows: IngestRow[] = [];
  for (const { event, device, browser } of events) {
    const prepared = prepareEvents([event], undefined, {
      siteId,
      receivedAt: event.ts + 1000,
      client: { device, browser },
    });
    if (prepared.rejected.length > 0) throw new Error(`dataset event rejected: ${JSON.stringify(prepared.rejected)}`);
    rows.push(...prepared.rows);
    if (rows.length >= batch) {
      store.commit([rows]);
      rows = [];
    }
  }
  if (rows.length > 0) store.commit([rows]);
}
