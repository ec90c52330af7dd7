import { ratio, type BenchSection } from './bench-report.js';
import type { HttpResult } from './bench-http.js';
import type { WriterResult } from './bench-writer.js';

export interface IngestFigures {
  base: HttpResult;
  durable: HttpResult;
  writer: WriterResult;
  connections: number;
  durationSec: number;
  warmupSec: number;
  eventsPerBatch: number;
}

const http = (prefix: string, r: HttpResult) => [
  { name: `${prefix} throughput`, value: r.reqPerSec, unit: 'req/s' },
  { name: `${prefix} latency p50`, value: r.p50Ms, unit: 'ms' },
  { name: `${prefix} latency p99`, value: r.p99Ms, unit: 'ms' },
  { name: `${prefix} failed requests`, value: r.failures, unit: 'requests' },
];

/** bench-ingest's figures for `--json`, with the same targets it prints. */
export function ingestSections(f: IngestFigures): BenchSection[] {
  const { base, durable, writer: w } = f;
  return [
    {
      id: 'ingest',
      title: 'Ingest: POST /v1/collect vs an empty route',
      figures: [
        ...http('empty POST route', base),
        ...http('POST /v1/collect', durable),
        { name: 'POST /v1/collect events', value: durable.reqPerSec * f.eventsPerBatch, unit: 'events/s' },
      ],
      ratios: [ratio('ingest ÷ empty route (req/s)', durable.reqPerSec / base.reqPerSec, 'empty POST route, same server and body', '≥ 0.70')],
      notes: [
        `${f.connections} connections, ${f.durationSec} s per route after ${f.warmupSec} s warm-up, ${f.eventsPerBatch} events per request, loopback.`,
        'Acknowledgements are durable: the writer commits before the 202.',
      ],
    },
    {
      id: 'writer',
      title: 'Writer: group-commit writer vs raw better-sqlite3',
      figures: [
        { name: 'raw better-sqlite3, events only, 1 tx', value: w.raw, unit: 'rows/s' },
        { name: 'store: + sessions, responses, rollups, 1 tx', value: w.store, unit: 'rows/s' },
        { name: "group-commit writer (the route's path)", value: w.writer, unit: 'rows/s' },
      ],
      ratios: [ratio('writer ÷ raw inserts (rows/s)', w.writer / w.raw, 'raw better-sqlite3 inserts of the same rows', '≥ 0.85')],
      notes: [`${w.rows} rows, median of ${w.repeats} runs.`],
    },
  ];
}
