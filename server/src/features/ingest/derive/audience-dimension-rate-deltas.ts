import type Database from 'better-sqlite3';
import { perDatabase } from '../../../lib/per-database.js';
import { AUDIENCE_SESSION_COUNTERS, type Contribution, type SessionFacts } from './audience-session-contributions.js';
import {
  type AudienceSketchTable,
  AudienceVisitorSketchDeltas,
  type SketchCell,
} from './audience-visitor-sketch-deltas.js';
import { prepareTieredRollupTables, TieredRollupDeltas } from './tiered-rollup-deltas.js';

// The breakdown's traffic by browser, language and entry page, and the error rate's by release, by
// who the session is (db/schema/audience-dimension-rates.ts), from the same contributions as audience_session_rates
// (audience-session-rate-deltas.ts calls `change` with each touched session's before and after),
// so the two cannot disagree: a session's rows are its audience_session_rates rows under goal '',
// split by its value of each dimension. Visitors by browser and language enter their sketches as
// there, and a cell a session left is rebuilt from the sessions now in it.

type Counter = (typeof AUDIENCE_SESSION_COUNTERS)[number];
const N = AUDIENCE_SESSION_COUNTERS.length;

/** The dimensions counted, each with the session's value of it and whether its visitors are kept. */
const DIMENSIONS: readonly [string, (s: SessionFacts) => string, boolean][] = [
  ['browser', (s) => s.browser, true],
  ['language', (s) => s.language, true],
  // A breakdown by entry page has no visitors (features/metrics/audience-traffic.ts).
  ['entryPage', (s) => s.entry, false],
  // Only the error rate reads the release (features/rates/audience-error-rate-counts.ts): no visitors.
  ['release', (s) => s.release, false],
];

/** audience_dimension_sketches: a unit's sessions of a browser or a language, returning flag and device. */
const DIMENSION_SKETCHES: AudienceSketchTable = {
  table: 'audience_dimension_sketches',
  columns: ['dim', 'value', '"returning"', 'device'],
  sessionWhere: `(CASE ? WHEN 'browser' THEN s.browser ELSE s.language END) = ? AND s."returning" = ? AND s.device = ?`,
};

const statements = perDatabase((db: Database.Database) =>
  prepareTieredRollupTables(
    db,
    'audience_dimension_rates',
    ['site_id', 'trait_key', 'trait_value', 'dim', 'hour', '"returning"', 'device', 'value'],
    AUDIENCE_SESSION_COUNTERS,
  ),
);

/** The rows a contribution counts in, by key: its figures once per (trait, dimension). */
function rowsOf(siteId: string, x: Contribution | undefined): Map<string, (string | number)[]> {
  const out = new Map<string, (string | number)[]>();
  if (x === undefined) return out;
  const s = x.session;
  for (const [trait, value] of x.keys) {
    for (const [dim, of] of DIMENSIONS) {
      const key = [siteId, trait, value, dim, s.hour, x.returning, s.device, of(s)];
      out.set(key.join('\u0001'), key);
    }
  }
  return out;
}

/** The sketch cells (trait, value, dim, dim value, returning, device, hour) a contribution's visitor is in. */
function cellsOf(x: Contribution | undefined): Map<string, SketchCell> {
  const out = new Map<string, SketchCell>();
  if (x === undefined) return out;
  const s = x.session;
  for (const [trait, value] of x.keys) {
    for (const [dim, of, kept] of DIMENSIONS) {
      if (!kept) continue;
      const cell = [trait, value, dim, of(s), x.returning, s.device, s.hour];
      out.set(cell.join('\u0001'), cell);
    }
  }
  return out;
}

/** One commit's changes to audience_dimension_rates and its sketches: `change` per touched session, then `apply`. */
export class AudienceDimensionRateDeltas {
  private readonly deltas: TieredRollupDeltas<Counter>;
  private readonly sketches: AudienceVisitorSketchDeltas;

  constructor(db: Database.Database) {
    this.deltas = new TieredRollupDeltas(statements(db), 4);
    this.sketches = new AudienceVisitorSketchDeltas(db, DIMENSION_SKETCHES);
  }

  /** A touched session as it counted before the commit's writes (`was`) and after (`now`). */
  change(siteId: string, was: Contribution | undefined, now: Contribution | undefined): void {
    const before = rowsOf(siteId, was);
    for (const [id, key] of rowsOf(siteId, now)) {
      const had = before.delete(id);
      this.add(key, now!.session.counts, had ? was!.session.counts : undefined);
    }
    for (const key of before.values()) this.add(key, undefined, was!.session.counts);
    const left = cellsOf(was);
    for (const [id, cell] of cellsOf(now)) {
      if (left.delete(id)) continue;
      this.sketches.enter(siteId, cell, now!.session.visitor);
    }
    for (const cell of left.values()) this.sketches.leave(siteId, cell);
  }

  apply(): void {
    this.deltas.apply();
    this.sketches.apply();
  }

  private add(key: (string | number)[], now: number[] | undefined, was: number[] | undefined): void {
    for (let i = 0; i < N; i++) this.deltas.add(key, AUDIENCE_SESSION_COUNTERS[i]!, (now?.[i] ?? 0) - (was?.[i] ?? 0));
  }
}
