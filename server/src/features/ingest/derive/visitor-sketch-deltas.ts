import { HOUR_MS, hourOf, monthOf } from '../../../lib/hour-bucket.js';
import { hashVisitor, VisitorSketch } from '../../../lib/visitor-sketch.js';
import type { ReadModelStatements } from './read-model-statements.js';

const DAY_MS = 24 * HOUR_MS;

export interface NewSession {
  siteId: string;
  sessionId: string;
  visitorId: string | null;
  firstTs: number;
  /** The session's segment, as the sessions row keeps it (its first event's). */
  device: string;
  browser: string;
  language: string;
  /** The visitor had a session stored before this batch. */
  seenBefore: boolean;
}

interface Pair {
  visitors: VisitorSketch;
  returning: VisitorSketch;
}

/** The sketches one batch touches, each read once and written once. */
class SketchBatch {
  private readonly pairs = new Map<string, { key: (string | number)[]; pair: Pair }>();

  constructor(
    private readonly load: (key: (string | number)[]) => { visitors: Buffer; returning: Buffer } | undefined,
    private readonly save: (key: (string | number)[], visitors: Buffer, returning: Buffer) => void,
  ) {}

  add(key: (string | number)[], hash: number, returning: boolean): void {
    const id = key.join('\u0001');
    let x = this.pairs.get(id);
    if (!x) {
      const row = this.load(key);
      x = {
        key,
        pair: { visitors: VisitorSketch.decode(row?.visitors), returning: VisitorSketch.decode(row?.returning) },
      };
      this.pairs.set(id, x);
    }
    x.pair.visitors.add(hash);
    if (returning) x.pair.returning.add(hash);
  }

  write(): void {
    for (const { key, pair } of this.pairs.values()) this.save(key, pair.visitors.encode(), pair.returning.encode());
  }
}

/**
 * Adds the visitors of a batch's new sessions to the hourly and daily sketches of the hour / UTC
 * day each session started in (where session_rollups counts it), overall and for the session's
 * visitor segment (which also has a monthly one). Without a visitor id (DNT/GPC) the session stands for its visitor, so "visitors" falls
 * back to counting sessions. A visitor is returning when one of their sessions was stored earlier,
 * or started earlier in the same batch.
 */
export function applyVisitorSketches(s: ReadModelStatements, sessions: readonly NewSession[]): void {
  const overall = new SketchBatch(
    (k) => s.selectSketch.get(...k) as { visitors: Buffer; returning: Buffer } | undefined,
    (k, v, r) => s.saveSketch.run(...k, v, r),
  );
  const segments = new SketchBatch(
    (k) => s.selectSegmentSketch.get(...k) as { visitors: Buffer; returning: Buffer } | undefined,
    (k, v, r) => s.saveSegmentSketch.run(...k, v, r),
  );
  const seenInBatch = new Set<string>();
  for (const n of [...sessions].sort((a, b) => a.firstTs - b.firstTs)) {
    const visitorKey = n.visitorId === null ? `session:${n.sessionId}` : `visitor:${n.visitorId}`;
    const batchKey = `${n.siteId}\u0001${visitorKey}`;
    const returning = n.visitorId !== null && (n.seenBefore || seenInBatch.has(batchKey));
    seenInBatch.add(batchKey);
    const hash = hashVisitor(visitorKey);
    const hour = hourOf(n.firstTs);
    const day = hour - (hour % DAY_MS);
    overall.add([n.siteId, 'hour', hour], hash, returning);
    overall.add([n.siteId, 'day', day], hash, returning);
    for (const [tier, start] of [
      ['hour', hour],
      ['day', day],
      ['month', monthOf(hour)],
    ] as const) {
      segments.add([n.siteId, tier, start, n.device, n.browser, n.language], hash, returning);
    }
  }
  overall.write();
  segments.write();
}
