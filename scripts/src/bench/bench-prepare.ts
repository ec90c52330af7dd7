import { eventSchema, type LoupeEvent } from '@loupe/shared';
import { scrubEvent } from '@loupe/shared/scrub-event';
import {
  classifyUserAgent,
  fastParseEvent,
  fastParseScrubbedEvent,
  prepareEvents,
  scrubIngestEvent,
  threadCpuMicros,
  toIngestRow,
} from '@loupe/server/internal';
import { benchEvents } from './bench-events.js';

// CPU time per event of each step /v1/collect takes before the writer: validation (the fast path
// for the widget's common events, the shared zod schema for the rest; and zod alone), scrubbing,
// User-Agent classification, the row (payload JSON, fingerprint), and all of them together as the
// route runs them (prepareEvents). In this process, on the main thread's own
// CPU clock, over the bench-events mix; the open-loop run divides it by an empty request's cost.

export interface PrepareResult {
  events: number;
  /** µs of CPU per event, medians of `repeats` passes. As the route validates: the fast path, else zod. */
  validate: number;
  /** The shared zod schema alone (what the route ran before the fast path). */
  validateZod: number;
  /** Validation with scrubbing, as the route runs them: the fast path scrubs only text fields as it copies. */
  validateScrub: number;
  /** The server's walk over a parsed event (the route's for events zod parses; for all, before). */
  scrub: number;
  /** The shared walk, `scrubEvent`, the widget's (the server's before it had its own). */
  scrubShared: number;
  userAgent: number;
  row: number;
  prepare: number;
  repeats: number;
}

/** A few hundred distinct User-Agents, as a site's traffic has: the classification cache's working set. */
const USER_AGENTS = Array.from({ length: 300 }, (_, i) =>
  i % 3 === 0
    ? `Mozilla/5.0 (iPhone; CPU iPhone OS 17_${i % 7} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.${i % 5} Mobile/15E148 Safari/604.1 b${i}`
    : i % 3 === 1
      ? `Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/1${20 + (i % 30)}.0.0.0 Safari/537.36 b${i}`
      : `Mozilla/5.0 (Linux; Android 14; Pixel ${i % 9}) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/1${20 + (i % 30)}.0.0.0 Mobile Safari/537.36 b${i}`,
);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function cpuOf(work: () => void): number {
  const start = threadCpuMicros() ?? performance.now() * 1000;
  work();
  return (threadCpuMicros() ?? performance.now() * 1000) - start;
}

export function benchPrepare(batches = 2000, repeats = 7): PrepareResult {
  const now = Date.now();
  // Wire form: JSON text parsed again, as the route receives it (no objects shared between passes).
  const raw = Array.from({ length: batches }, () => JSON.parse(JSON.stringify(benchEvents(now))) as unknown[]);
  const events = raw.reduce((n, b) => n + b.length, 0);
  const parsed = raw.map((b) => b.map((e) => eventSchema.parse(e)));
  const scrubbed = parsed.map((b) => b.map((e) => scrubEvent(e)));
  const ctx = (i: number) => ({
    siteId: 'site_bench',
    receivedAt: now,
    client: classifyUserAgent(USER_AGENTS[i % USER_AGENTS.length]),
  });
  const passes: Record<Exclude<keyof PrepareResult, 'events' | 'repeats'>, () => void> = {
    validate: () => {
      for (const b of raw) for (const e of b) fastParseEvent(e) ?? eventSchema.safeParse(e);
    },
    validateZod: () => {
      for (const b of raw) for (const e of b) eventSchema.safeParse(e);
    },
    validateScrub: () => {
      for (const b of raw)
        for (const e of b) {
          if (fastParseScrubbedEvent(e) !== undefined) continue;
          const parsed = eventSchema.safeParse(e);
          if (parsed.success) scrubIngestEvent(parsed.data);
        }
    },
    scrub: () => {
      for (const b of parsed) for (const e of b) scrubIngestEvent(e);
    },
    scrubShared: () => {
      for (const b of parsed) for (const e of b) scrubEvent(e);
    },
    // Once per request, as the route does.
    userAgent: () => {
      for (let i = 0; i < raw.length; i++) classifyUserAgent(USER_AGENTS[(i * 7) % USER_AGENTS.length]);
    },
    row: () => {
      for (let i = 0; i < scrubbed.length; i++)
        for (const e of scrubbed[i]!) toIngestRow(e as LoupeEvent, e.ts, ctx(i));
    },
    prepare: () => {
      for (let i = 0; i < raw.length; i++) {
        prepareEvents(raw[i]!, undefined, {
          siteId: 'site_bench',
          receivedAt: now,
          client: classifyUserAgent(USER_AGENTS[(i * 7) % USER_AGENTS.length]),
        });
      }
    },
  };
  const names = Object.keys(passes) as (keyof typeof passes)[];
  for (const n of names) passes[n]();
  const us = Object.fromEntries(names.map((n) => [n, [] as number[]]));
  for (let r = 0; r < repeats; r++) for (const n of names) us[n]!.push(cpuOf(passes[n]) / events);
  return {
    events,
    repeats,
    validate: median(us.validate!),
    validateZod: median(us.validateZod!),
    validateScrub: median(us.validateScrub!),
    scrub: median(us.scrub!),
    scrubShared: median(us.scrubShared!),
    userAgent: median(us.userAgent!),
    row: median(us.row!),
    prepare: median(us.prepare!),
  };
}
