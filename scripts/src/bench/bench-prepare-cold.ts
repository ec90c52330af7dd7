import { eventSchema } from '@loupe/shared';
import { classifyUserAgent, fastParseScrubbedEvent, prepareEvents, threadCpuMicros } from '@loupe/server/internal';
import { benchBatchBody } from './bench-events.js';
import { drawBatchSize } from './widget-batch-sizes.js';

// Why prepareEvents costs about three times as much in the server as in a loop: in a loop its code
// and data (the checkers, their inline caches, the maps of the events' shapes, the scrubber's
// patterns) stay in the CPU's caches; in the server, the HTTP stack and, on a shared machine, other
// processes run between two requests and evict them. Here each batch is prepared either right after
// the one before (hot) or after `evictBytes` of memory were written, which flushes the caches as a
// request's surroundings do (cold). On the main thread's CPU clock, over the widget's batch sizes.

export interface PrepareColdResult {
  batches: number;
  events: number;
  /** µs of CPU per batch, medians of `rounds`: prepareEvents, and its validation + scrubbing alone. */
  prepareHot: number;
  prepareCold: number;
  validateHot: number;
  validateCold: number;
  rounds: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export function benchPrepareCold(batches = 2000, rounds = 5, evictBytes = 8 << 20): PrepareColdResult {
  const now = Date.now();
  const bodies = Array.from({ length: batches }, () => benchBatchBody('site_key', drawBatchSize(Math.random())));
  const events = bodies.reduce((n, b) => n + (JSON.parse(b) as { events: unknown[] }).events.length, 0);
  const junk = new Float64Array(evictBytes / 8);
  // 64-byte lines: one write per line evicts them all.
  const evict = () => {
    for (let i = 0; i < junk.length; i += 8) junk[i]! += 1;
  };
  const client = classifyUserAgent('Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/120.0.0.0 Safari/537.36');
  const passes = {
    prepare: (batch: unknown[]) => prepareEvents(batch, undefined, { siteId: 'site_bench', receivedAt: now, client }),
    validate: (batch: unknown[]) => {
      for (const e of batch) fastParseScrubbedEvent(e) ?? eventSchema.safeParse(e);
    },
  };
  const run = (pass: (batch: unknown[]) => unknown, cold: boolean) => {
    let cpu = 0;
    for (const body of bodies) {
      if (cold) evict();
      // Parsed afresh, as the route receives it: the batch itself is in cache either way.
      const batch = (JSON.parse(body) as { events: unknown[] }).events;
      const start = threadCpuMicros()!;
      pass(batch);
      cpu += threadCpuMicros()! - start;
    }
    return cpu / batches;
  };
  const us = {
    prepareHot: [] as number[],
    prepareCold: [] as number[],
    validateHot: [] as number[],
    validateCold: [] as number[],
  };
  for (let r = 0; r <= rounds; r++) {
    // The first round warms the JIT up.
    const keep = (xs: number[], v: number) => r > 0 && xs.push(v);
    keep(us.prepareHot, run(passes.prepare, false));
    keep(us.prepareCold, run(passes.prepare, true));
    keep(us.validateHot, run(passes.validate, false));
    keep(us.validateCold, run(passes.validate, true));
  }
  return {
    batches,
    events,
    rounds,
    prepareHot: median(us.prepareHot),
    prepareCold: median(us.prepareCold),
    validateHot: median(us.validateHot),
    validateCold: median(us.validateCold),
  };
}
