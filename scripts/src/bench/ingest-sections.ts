import { ratio, type BenchSection } from './bench-report.js';
import type { IdFormat } from './bench-events.js';
import type { CodecResult } from './bench-codec.js';
import type { HttpResult } from './bench-http.js';
import type { WriterResult } from './bench-writer.js';
import type { PrepareResult } from './bench-prepare.js';
import type { DerivationsResult } from './bench-derivations.js';
import { HELD_P99_MS, type RouteLadder } from './open-loop-steps.js';

/** One id format's HTTP run: the empty route and /v1/collect on the same fresh server. */
export interface HttpPair {
  ids: IdFormat;
  base: HttpResult;
  /** Diagnostic: the same validation and scrubbing, nothing stored (bench-server.ts). */
  validateOnly: HttpResult;
  durable: HttpResult;
}

/** The open loop: each route stepped up on one server; the per-event costs before the writer. */
export interface OpenLoopFigures {
  empty: RouteLadder;
  validateOnly: RouteLadder;
  collect: RouteLadder;
  prepare: PrepareResult;
  connections: number;
  stepSec: number;
  pinning: string;
  batchSizes: Readonly<Record<number, number>>;
}

export interface IngestFigures {
  http: HttpPair[];
  open: OpenLoopFigures | undefined;
  pinning: string;
  /** The machine's load average (1, 5, 15 min) around the run: a shared machine's figures need it. */
  load: string;
  writers: WriterResult[];
  derivations: DerivationsResult;
  codec: CodecResult;
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

const heldRate = (l: RouteLadder) => l.held?.rate ?? 0;
/** A ratio of rates held; 0 when the baseline held nothing (JSON has no NaN). */
const rateRatio = (a: RouteLadder, b: RouteLadder) => (heldRate(b) > 0 ? heldRate(a) / heldRate(b) : 0);

function openLoopSection(o: OpenLoopFigures, load: string): BenchSection {
  const route = (name: string, l: RouteLadder) => {
    const h = l.held;
    const figures = [
      { name: `open loop, ${name}: highest rate held`, value: heldRate(l), unit: 'req/s' },
      { name: `open loop, ${name}: events per second held`, value: h ? h.events / o.stepSec : 0, unit: 'events/s' },
      { name: `open loop, ${name}: p99 at that rate`, value: h?.p99Ms ?? 0, unit: 'ms' },
      { name: `open loop, ${name}: steps run`, value: l.steps.length, unit: 'steps' },
      // 0: the ladder ran out of steps before a rate failed, so the rate held is only a lower bound.
      { name: `open loop, ${name}: ceiling found`, value: l.ceilingFound ? 1 : 0, unit: 'yes = 1' },
    ];
    // CPU at the rate held, or at the first step when none held (a busy machine): per event, it barely moves.
    const cpu = (h ?? l.steps[0])?.cpu;
    if (cpu)
      figures.push(
        { name: `open loop, ${name}: main thread CPU per request`, value: cpu.mainPerRequest, unit: 'µs' },
        { name: `open loop, ${name}: main thread CPU per event`, value: cpu.mainPerEvent, unit: 'µs' },
        { name: `open loop, ${name}: writer thread CPU per event`, value: cpu.writerPerEvent, unit: 'µs' },
        { name: `open loop, ${name}: all threads CPU per event`, value: cpu.processPerEvent, unit: 'µs' },
      );
    return figures;
  };
  const p = o.prepare;
  const emptyRequest = (o.empty.held ?? o.empty.steps[0])?.cpu?.mainPerRequest;
  const sizes = Object.entries(o.batchSizes)
    .map(([size, n]) => `${size}×${n}`)
    .join(', ');
  return {
    id: 'ingest-open-loop',
    title: 'Ingest, open loop: the highest arrival rate held, and CPU per event',
    figures: [
      ...route('empty POST route', o.empty),
      ...route('validation, no storage', o.validateOnly),
      ...route('POST /v1/collect', o.collect),
      {
        name: 'before the writer, per event: validation (fast path, zod for the rest)',
        value: p.validate,
        unit: 'µs CPU',
      },
      { name: 'before the writer, per event: validation (zod alone)', value: p.validateZod, unit: 'µs CPU' },
      {
        name: 'before the writer, per event: validation + scrubbing (text fields only on the fast path)',
        value: p.validateScrub,
        unit: 'µs CPU',
      },
      {
        name: "before the writer, per event: scrubbing a parsed event (the server's walk)",
        value: p.scrub,
        unit: 'µs CPU',
      },
      {
        name: 'before the writer, per event: scrubbing, the shared walk (what the server ran before)',
        value: p.scrubShared,
        unit: 'µs CPU',
      },
      { name: 'before the writer, per event: User-Agent (once per request)', value: p.userAgent, unit: 'µs CPU' },
      { name: 'before the writer, per event: the row (payload, fingerprint)', value: p.row, unit: 'µs CPU' },
      { name: 'before the writer, per event: all of it (prepareEvents)', value: p.prepare, unit: 'µs CPU' },
    ],
    ratios: [
      ratio(
        'open loop: /v1/collect ÷ empty route (highest rate held)',
        rateRatio(o.collect, o.empty),
        `empty POST route, same server, bodies and schedule; held = p99 ≤ ${HELD_P99_MS} ms, no failure`,
        '≥ 0.5',
      ),
      ratio(
        'open loop: validation only ÷ empty route (highest rate held)',
        rateRatio(o.validateOnly, o.empty),
        'empty POST route, same server, bodies and schedule',
        '≥ 0.85',
      ),
      ...(emptyRequest
        ? [
            ratio(
              "validation + scrubbing + User-Agent + row per event ÷ an empty request's main-thread CPU",
              p.prepare / emptyRequest,
              'main-thread CPU of one empty-route request at its highest rate held, same run',
              '≤ 0.33',
            ),
          ]
        : []),
    ],
    notes: [
      `Open loop: request i leaves at start + i / rate whatever the earlier ones did, from up to ${o.connections} connections (undici Pool); a latency counts from when its request was due. ${o.stepSec} s per step; rates grow by half until a step fails (a failed step is run once more, and fails only if both runs do), then the gap is bisected twice.`,
      ...[o.empty, o.validateOnly, o.collect]
        .filter((l) => !l.ceilingFound)
        .map(
          (l) =>
            `The ${l.route} ladder ran out of steps before a rate failed: its rate held is a lower bound, and so is every ratio over it.`,
        ),
      `Batch sizes drawn from the widget's, measured on the demo shop (scripts/src/bench-batch-sizes.ts; size×requests): ${sizes}.`,
      `CPU per thread from Linux's per-thread counters (/proc/thread-self/schedstat): the main thread's own and the writer thread's own (asked over its message port), less what the idle server spends in the same time; all threads = process.cpuUsage().`,
      `Before the writer: prepareEvents' steps timed alone in the benchmark's process on its own CPU clock, over bench-events' mix (${p.events} events, median of ${p.repeats} passes).`,
      `Placement: ${o.pinning}. Load average (1, 5, 15 min): ${load}.`,
    ],
  };
}

/** bench-ingest's figures for `--json`, with the same targets it prints (v4 ids first: the widget's). */
export function ingestSections(f: IngestFigures): BenchSection[] {
  return [
    ...(f.open ? [openLoopSection(f.open, f.load)] : []),
    {
      id: 'ingest',
      title: 'Ingest: POST /v1/collect vs an empty route',
      figures: f.http.flatMap(({ ids, base, validateOnly, durable }) => [
        ...http(`${ids} ids: empty POST route`, base),
        ...http(`${ids} ids: validation, no storage (diagnostic)`, validateOnly),
        ...http(`${ids} ids: POST /v1/collect`, durable),
        { name: `${ids} ids: POST /v1/collect events`, value: durable.reqPerSec * f.eventsPerBatch, unit: 'events/s' },
      ]),
      ratios: f.http.flatMap(({ ids, base, validateOnly, durable }) => [
        ratio(
          `ingest ÷ empty route (req/s), ${ids} ids`,
          durable.reqPerSec / base.reqPerSec,
          'empty POST route, same server and body',
          '≥ 0.70',
        ),
        ratio(
          `no storage ÷ empty route (req/s), ${ids} ids`,
          validateOnly.reqPerSec / base.reqPerSec,
          'diagnostic: validation and scrubbing only',
        ),
      ]),
      notes: [
        `Closed loop: ${f.connections} connections, ${f.durationSec} s per route after ${f.warmupSec} s warm-up, ${f.eventsPerBatch} events per request, loopback, a fresh server per id format. ${f.pinning}. Load average (1, 5, 15 min): ${f.load}.`,
        'Acknowledgements are durable: the writer thread commits (WAL, synchronous=FULL) before the 202.',
        'The no-storage route is a diagnostic: /v1/collect minus storage; the gap between the two is what storing costs on this machine.',
        'v4: random ids, what the widget sends today; v7: time-ordered ids (RFC 9562).',
      ],
    },
    {
      id: 'writer',
      title: 'Writer: group-commit writer vs raw better-sqlite3',
      figures: [
        {
          name: `${f.derivations.ids} ids: a commit, all of it, per event`,
          value: f.derivations.totalPerEvent,
          unit: 'µs',
        },
        ...f.derivations.parts.map((p) => ({
          name: `${f.derivations.ids} ids: a commit's ${p.name}, per event`,
          value: p.perEvent,
          unit: 'µs',
        })),
      ].concat(
        f.writers.flatMap((w) => [
          { name: `${w.ids} ids: raw better-sqlite3, events only, 1 tx`, value: w.raw, unit: 'rows/s' },
          {
            name: `${w.ids} ids: raw better-sqlite3, events + same derived rows, 1 tx`,
            value: w.rawSameWork,
            unit: 'rows/s',
          },
          { name: `${w.ids} ids: store, derivations computed, 1 tx`, value: w.store, unit: 'rows/s' },
          { name: `${w.ids} ids: group-commit writer (the route's path)`, value: w.writer, unit: 'rows/s' },
        ]),
      ),
      ratios: f.writers.flatMap((w) => [
        ratio(
          `writer ÷ raw events-only inserts (rows/s), ${w.ids} ids`,
          w.writer / w.raw,
          'raw better-sqlite3 inserts of the same event rows',
          '≥ 0.85',
        ),
        ratio(
          `writer ÷ raw same-work inserts (rows/s), ${w.ids} ids`,
          w.writer / w.rawSameWork,
          'raw inserts of the same events and the same derived rows',
        ),
      ]),
      notes: [
        ...f.writers.map((w) => `${w.ids} ids: ${w.rows} event rows, median of ${w.repeats} runs.`),
        `A commit's parts (${f.derivations.ids} ids, ${f.derivations.rows} rows in ${f.derivations.commits} commits of 50 requests): µs of wall time per event, each part's least of 3 runs; the cube tiers are their own part; what the parts leave of the whole is the transaction's own BEGIN and COMMIT with its fsync.`,
        'Raw same work inserts the final rows the store leaves (sessions, rollups, tiers, read model): nothing computed, looked up or updated.',
      ],
    },
    {
      id: 'codec',
      title: 'Writer thread codec: the flat encoding vs cloning the row objects',
      figures: [
        { name: 'structured clone of the rows (the baseline)', value: f.codec.cloneRows, unit: 'ms' },
        { name: 'encode', value: f.codec.encode, unit: 'ms' },
        { name: 'structured clone of the encoding', value: f.codec.cloneEncoded, unit: 'ms' },
        { name: 'decode', value: f.codec.decode, unit: 'ms' },
        { name: 'rows, serialized', value: f.codec.rowBytes, unit: 'bytes' },
        { name: 'encoding, serialized', value: f.codec.encodedBytes, unit: 'bytes' },
      ],
      ratios: [
        ratio(
          'encode + clone + decode ÷ clone of the rows (time)',
          (f.codec.encode + f.codec.cloneEncoded + f.codec.decode) / f.codec.cloneRows,
          'structured clone of the same rows',
          '≤ 0.5',
        ),
        ratio(
          'encode ÷ clone of the rows (time)',
          f.codec.encode / f.codec.cloneRows,
          'structured clone of the same rows',
        ),
        ratio(
          'decode ÷ clone of the rows (time)',
          f.codec.decode / f.codec.cloneRows,
          'structured clone of the same rows',
        ),
        ratio(
          'encoding ÷ rows (serialized bytes)',
          f.codec.encodedBytes / f.codec.rowBytes,
          "V8's serialization of the same rows",
        ),
      ],
      notes: [
        `One commit of ${f.codec.rows} rows (bench-events' mix, the writer's largest commit), median of ${f.codec.repeats} runs, each step after a collection.`,
        'A structured clone is what postMessage costs in total (half on each side of the thread); the encoding is cloned instead of the rows.',
      ],
    },
  ];
}
