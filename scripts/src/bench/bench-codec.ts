import v8 from 'node:v8';
import vm from 'node:vm';
import { decodeRowGroups, encodeRowGroups, type IngestRow, prepareEvents } from '@loupe/server/internal';
import { benchEvents } from './bench-events.js';

// The writer thread's input crosses as one flat array (ingest-row-codec.ts). Its alternative, the
// baseline here, is posting the row objects themselves: a structured clone of every row with its
// validated event. Both are timed in this process on the same rows, so the ratios hold on any
// machine; postMessage pays the same clone, half on each side of the thread.

export interface CodecResult {
  rows: number;
  repeats: number;
  /** Bytes of the structured clone (V8's serializer, what postMessage uses): the rows, the encoding. */
  rowBytes: number;
  encodedBytes: number;
  /** Medians, milliseconds per commit of `rows` rows. */
  cloneRows: number;
  encode: number;
  cloneEncoded: number;
  decode: number;
}

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

/** One commit's rows, in request-sized groups, validated and mapped exactly as the route does. */
function commitGroups(requests: number): IngestRow[][] {
  const client = { device: 'mobile' as const, browser: 'safari' };
  return Array.from({ length: requests }, () => {
    const receivedAt = Date.now();
    return prepareEvents(benchEvents(receivedAt), undefined, { siteId: 'site_bench', receivedAt, client }).rows;
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function time(fn: () => unknown): number {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

/**
 * `requests` requests of bench-events' mix make one commit (200 × 10 rows = LOUPE_WRITER_MAX_ROWS,
 * the largest the writer takes at once). Each repeat times the four steps on fresh rows, in
 * rotating order, after a collection; the first `warmup` repeats are not counted.
 */
export function benchCodec(requests = 200, repeats = 60, warmup = 20): CodecResult {
  const ms: Record<'cloneRows' | 'encode' | 'cloneEncoded' | 'decode', number[]> = {
    cloneRows: [],
    encode: [],
    cloneEncoded: [],
    decode: [],
  };
  let rows = 0;
  let rowBytes = 0;
  let encodedBytes = 0;
  for (let i = 0; i < warmup + repeats; i++) {
    const groups = commitGroups(requests);
    rows = groups.reduce((sum, g) => sum + g.length, 0);
    const encoded = encodeRowGroups(groups);
    rowBytes = v8.serialize(groups).length;
    encodedBytes = v8.serialize(encoded).length;
    const steps = {
      cloneRows: () => structuredClone(groups),
      encode: () => encodeRowGroups(groups),
      cloneEncoded: () => structuredClone(encoded),
      decode: () => decodeRowGroups(encoded),
    };
    const names = Object.keys(steps) as (keyof typeof steps)[];
    for (let j = 0; j < names.length; j++) {
      const name = names[(i + j) % names.length]!;
      gc();
      const took = time(steps[name]);
      if (i >= warmup) ms[name].push(took);
    }
  }
  return {
    rows,
    repeats,
    rowBytes,
    encodedBytes,
    cloneRows: median(ms.cloneRows),
    encode: median(ms.encode),
    cloneEncoded: median(ms.cloneEncoded),
    decode: median(ms.decode),
  };
}
