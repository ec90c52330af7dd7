import type Database from 'better-sqlite3';
import { cubeTierDeltas, type CubeTierDeltas } from '../../../db/cubes/cube-tier-deltas.js';
import { perDatabase } from '../../../lib/per-database.js';
import { AUDIENCE_SESSION_COUNTERS, type Contribution } from './audience-session-contributions.js';
import { AudienceDimensionRateDeltas } from './audience-dimension-rate-deltas.js';
import { AudienceEngagementDeltas } from './audience-engagement-deltas.js';
import { AudienceVisitorSketchDeltas } from './audience-visitor-sketch-deltas.js';
import { prepareTieredRollupTables, TieredRollupDeltas } from './tiered-rollup-deltas.js';

// The overview's and the time series' traffic by who the session is (db/schema/audience-session-rates.ts),
// from each touched session's contribution before and after a commit (audience-session-contributions.ts):
// the rows it counts in now minus the rows it counted in before, so a session whose traits,
// returning flag, figures or goals changed moves exactly. Its visitor enters the sketches of the
// cells it is new in, and the cells it left are rebuilt (audience-visitor-sketch-deltas.ts).

type Counter = (typeof AUDIENCE_SESSION_COUNTERS)[number];
const N = AUDIENCE_SESSION_COUNTERS.length;

const statements = perDatabase((db: Database.Database) =>
  prepareTieredRollupTables(
    db,
    'audience_session_rates',
    ['site_id', 'trait_key', 'trait_value', 'hour', '"returning"', 'device', 'goal'],
    AUDIENCE_SESSION_COUNTERS,
  ),
);

interface Row {
  key: (string | number)[];
  counts: number[];
}

/** The rows a contribution counts in: its figures under goal '', and one session per goal it reached. */
function rowsOf(siteId: string, x: Contribution | undefined): Map<string, Row> {
  const out = new Map<string, Row>();
  if (x === undefined) return out;
  const s = x.session;
  const reached = [1, ...new Array<number>(N - 1).fill(0)];
  for (const [trait, value] of x.keys) {
    for (const [goal, counts] of [['', s.counts] as const, ...s.goals.map((g) => [g, reached] as const)]) {
      const key = [siteId, trait, value, s.hour, x.returning, s.device, goal];
      out.set(key.join('\u0001'), { key, counts });
    }
  }
  return out;
}

/** The sketch cells (trait, value, returning, device, hour) a contribution's visitor is in. */
function cellsOf(x: Contribution | undefined): Map<string, [string, string, number, string, number]> {
  const out = new Map<string, [string, string, number, string, number]>();
  if (x === undefined) return out;
  for (const [trait, value] of x.keys) {
    const cell: [string, string, number, string, number] = [
      trait,
      value,
      x.returning,
      x.session.device,
      x.session.hour,
    ];
    out.set(cell.join('\u0001'), cell);
  }
  return out;
}

/** One commit's changes to audience_session_rates and its sketches: `change` per touched session, then `apply`. */
export class AudienceSessionRateDeltas {
  private readonly deltas: TieredRollupDeltas<Counter>;
  private readonly sketches: AudienceVisitorSketchDeltas;
  /** The same sessions by browser, language and entry page (audience-dimension-rate-deltas.ts). */
  private readonly dimensions: AudienceDimensionRateDeltas;
  /** The same sessions by the bucket of their engaged time (audience-engagement-deltas.ts). */
  private readonly engagement: AudienceEngagementDeltas;
  /** Where a change to a closed hour bumps its day, so the series' kept buckets of it go stale. */
  private readonly tiers: CubeTierDeltas;

  constructor(db: Database.Database) {
    this.deltas = new TieredRollupDeltas(statements(db), 3);
    this.sketches = new AudienceVisitorSketchDeltas(db);
    this.dimensions = new AudienceDimensionRateDeltas(db);
    this.engagement = new AudienceEngagementDeltas(db);
    this.tiers = cubeTierDeltas(db);
  }

  /** A touched session as it counted before the commit's writes (`was`) and after (`now`). */
  change(siteId: string, was: Contribution | undefined, now: Contribution | undefined): void {
    // A session's rows and sketch cells are all in the hour it started (a later commit may move
    // them between cells, never between hours).
    for (const x of [was, now]) if (x !== undefined) this.tiers.changed(siteId, x.session.hour);
    const before = rowsOf(siteId, was);
    for (const [id, row] of rowsOf(siteId, now)) {
      const old = before.get(id);
      before.delete(id);
      this.add(row.key, row.counts, old?.counts);
    }
    for (const row of before.values()) this.add(row.key, new Array<number>(N).fill(0), row.counts);
    const left = cellsOf(was);
    for (const [id, cell] of cellsOf(now)) {
      if (left.delete(id)) continue;
      this.sketches.enter(siteId, cell, now!.session.visitor);
    }
    for (const cell of left.values()) this.sketches.leave(siteId, cell);
    this.dimensions.change(siteId, was, now);
    this.engagement.change(siteId, was, now);
  }

  apply(): void {
    this.deltas.apply();
    this.sketches.apply();
    this.dimensions.apply();
    this.engagement.apply();
  }

  private add(key: (string | number)[], now: number[], was: number[] | undefined): void {
    for (let i = 0; i < N; i++) this.deltas.add(key, AUDIENCE_SESSION_COUNTERS[i]!, now[i]! - (was?.[i] ?? 0));
  }
}
