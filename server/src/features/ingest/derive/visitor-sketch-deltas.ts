import { HOUR_MS, hourOf } from '../../../lib/hour-bucket.js';
import { hashVisitor, VisitorSketch } from '../../../lib/visitor-sketch.js';
import type { ReadModelStatements } from './read-model-statements.js';

const DAY_MS = 24 * HOUR_MS;

export interface NewSession {
  siteId: string;
  sessionId: string;
  visitorId: string | null;
  firstTs: number;
  /** The visitor had a session stored before this batch. */
  seenBefore: boolean;
}

/**
 * Adds the visitors of a batch's new sessions to the hourly and daily sketches of the hour / UTC
 * day each session started in (where session_rollups counts it). Without a visitor id (DNT/GPC)
 * the session stands for its visitor, so "visitors" falls back to counting sessions. A visitor is
 * returning when one of their sessions was stored earlier, or started earlier in the same batch.
 */
export function applyVisitorSketches(s: ReadModelStatements, sessions: readonly NewSession[]): void {
  const sketches = new Map<string, { key: [string, string, number]; visitors: VisitorSketch; returning: VisitorSketch }>();
  const sketch = (siteId: string, tier: 'hour' | 'day', start: number) => {
    const id = `${siteId}\u0001${tier}\u0001${start}`;
    let sk = sketches.get(id);
    if (!sk) {
      const row = s.selectSketch.get(siteId, tier, start) as { visitors: Buffer; returning: Buffer } | undefined;
      sk = {
        key: [siteId, tier, start],
        visitors: VisitorSketch.decode(row?.visitors),
        returning: VisitorSketch.decode(row?.returning),
      };
      sketches.set(id, sk);
    }
    return sk;
  };
  const seenInBatch = new Set<string>();
  for (const n of [...sessions].sort((a, b) => a.firstTs - b.firstTs)) {
    const visitorKey = n.visitorId === null ? `session:${n.sessionId}` : `visitor:${n.visitorId}`;
    const batchKey = `${n.siteId}\u0001${visitorKey}`;
    const returning = n.visitorId !== null && (n.seenBefore || seenInBatch.has(batchKey));
    seenInBatch.add(batchKey);
    const hash = hashVisitor(visitorKey);
    const hour = hourOf(n.firstTs);
    for (const sk of [sketch(n.siteId, 'hour', hour), sketch(n.siteId, 'day', hour - (hour % DAY_MS))]) {
      sk.visitors.add(hash);
      if (returning) sk.returning.add(hash);
    }
  }
  for (const { key, visitors, returning } of sketches.values()) {
    s.saveSketch.run(...key, visitors.encode(), returning.encode());
  }
}
