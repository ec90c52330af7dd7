import type Database from 'better-sqlite3';
import { hourOf } from '../../../lib/hour-bucket.js';
import type { IngestRow } from '../ingest-row.js';
import type { WebhookOutbox } from '../../webhooks/webhook-outbox.js';
import { type DerivationProfile, timed } from './derivation-profile.js';
import { readModelStatements, type ReadModelStatements } from './read-model-statements.js';
import { AudienceAnswerDeltas } from './audience-answer-keys.js';
import { ResponseFrictionDeltas } from './response-friction-deltas.js';
import { RollupDeltas } from './rollup-deltas.js';
import { applyVisitorSketches, type NewSession } from './visitor-sketch-deltas.js';

/** Event types that can change a response's "friction before answering". */
const FRICTION_TYPES = new Set(['pageview', 'click', 'error', 'response']);

interface SeenSession extends NewSession {
  isNew: boolean;
  frictionDirty: boolean;
}

/** Where a session's counts go: its hour, entry page and segment (sessions columns). */
interface SessionPlace {
  hour: number;
  entry_path: string;
  device: string;
  browser: string;
  language: string;
}

/** One error group's events of this batch, reduced to what its upsert keeps. */
interface ErrorGroupDelta {
  /** The batch's newest occurrence (the later one on equal times), whose text the group shows. */
  latest: IngestRow;
  firstTs: number;
}

/**
 * What the read API needs beyond ingestion's own rollups, derived from the same newly stored
 * events in the same transaction: error groups and sessions affected per error, goal conversions
 * (overall and per segment), visitor sketches (overall and per segment), and each response's
 * friction before answering. `add` sees each event;
 * `apply` runs after the batch's sessions and responses are written.
 */
export class ReadModelDeltas {
  private readonly s: ReadModelStatements;
  private readonly sessions = new Map<string, SeenSession>();
  private readonly conversions: { siteId: string; sessionId: string; name: string }[] = [];
  private readonly errorGroups = new Map<string, ErrorGroupDelta>();
  /** (site, session, fingerprint or goal) pairs already inserted in this batch: a repeat changes nothing. */
  private readonly seenPairs = new Set<string>();
  private readonly errorSessions;
  private readonly goals;
  private readonly goalSegments;
  private readonly friction;

  constructor(
    db: Database.Database,
    private readonly outbox: WebhookOutbox,
    private readonly profile?: DerivationProfile,
  ) {
    this.s = readModelStatements(db);
    this.errorSessions = new RollupDeltas(this.s.errorSessionRollups);
    this.goals = new RollupDeltas(this.s.goalRollups);
    this.goalSegments = new RollupDeltas(this.s.goalSegmentRollups);
    this.friction = new ResponseFrictionDeltas(this.s, new AudienceAnswerDeltas(db));
  }

  /** The goals this batch stored for a session for the first time (session_goals rows), so far. */
  get newGoals(): readonly { siteId: string; sessionId: string; name: string }[] {
    return this.conversions;
  }

  add(row: IngestRow): void {
    const e = row.event;
    const session = this.track(row);
    if (FRICTION_TYPES.has(e.type) && !(e.type === 'click' && e.kind === 'click')) session.frictionDirty = true;
    if (e.type === 'error') {
      const fp = row.fingerprint!;
      this.addErrorGroup(row, fp);
      if (
        this.firstInBatch('e', row.siteId, e.sessionId, fp) &&
        this.s.insertSessionError.run(row.siteId, e.sessionId, fp).changes > 0
      ) {
        this.errorSessions.add([row.siteId, hourOf(row.ts), fp, e.path, row.device], 'sessions');
      }
    } else if (e.type === 'track') {
      this.goals.add([row.siteId, hourOf(row.ts), e.name], 'events');
      if (
        this.firstInBatch('g', row.siteId, e.sessionId, e.name) &&
        this.s.insertSessionGoal.run(row.siteId, e.sessionId, e.name).changes > 0
      ) {
        this.conversions.push({ siteId: row.siteId, sessionId: e.sessionId, name: e.name });
      }
    }
  }

  /**
   * `answered`: the sessions of this batch that have answers (session-deltas.ts); friction before
   * answering is recomputed only for those. Without it, every session that met friction is looked up.
   */
  apply(answered?: ReadonlySet<string>): void {
    const p = this.profile;
    timed(p, 'error groups', () => this.applyErrorGroups());
    const fresh = [...this.sessions.values()].filter((x) => x.isNew);
    timed(p, 'visitor sketches', () => applyVisitorSketches(this.s, fresh));
    timed(p, 'goals (+ goal rollups)', () => this.applyGoals());
    timed(p, 'response friction', () => {
      for (const [id, x] of this.sessions) {
        if (x.frictionDirty && (answered === undefined || answered.has(id)))
          this.friction.recompute(x.siteId, x.sessionId);
      }
      this.friction.apply();
    });
    timed(p, 'rollups: error_session_rollups', () => this.errorSessions.apply());
    this.sessions.clear();
    this.conversions.length = 0;
    this.seenPairs.clear();
  }

  /** A conversion counts in the hour its session started, like the session itself, and under its entry page and segment. */
  private applyGoals(): void {
    for (const c of this.conversions) {
      const at = this.s.sessionPlace.get(c.siteId, c.sessionId) as SessionPlace | undefined;
      if (at === undefined) continue;
      this.goals.add([c.siteId, at.hour, c.name], 'conversions');
      this.goalSegments.add(
        [c.siteId, at.hour, c.name, at.entry_path, at.device, at.browser, at.language],
        'conversions',
      );
    }
    this.goals.apply();
    this.goalSegments.apply();
  }

  /**
   * One upsert per error group and batch instead of one per event: the upsert keeps the newest
   * occurrence's text (later wins on equal times) and the min/max times, so applying the batch's
   * newest occurrence with the batch's earliest time leaves the same row as every event in turn.
   */
  private addErrorGroup(row: IngestRow, fp: string): void {
    const id = `${row.siteId}\u0001${fp}`;
    const x = this.errorGroups.get(id);
    if (!x) this.errorGroups.set(id, { latest: row, firstTs: row.ts });
    else {
      if (row.ts >= x.latest.ts) x.latest = row;
      x.firstTs = Math.min(x.firstTs, row.ts);
    }
  }

  private applyErrorGroups(): void {
    for (const { latest: row, firstTs } of this.errorGroups.values()) {
      const e = row.event;
      if (e.type !== 'error') continue;
      if (this.s.errorGroupExists.get(row.siteId, row.fingerprint!) === undefined) {
        this.outbox.announce(row.siteId, 'error.new', row.fingerprint!, row.receivedAt);
      }
      this.s.upsertErrorGroup.run(
        row.siteId,
        row.fingerprint!,
        e.source,
        e.errorType,
        e.message,
        e.frames ? JSON.stringify(e.frames) : null,
        e.path,
        firstTs,
        row.ts,
      );
    }
    this.errorGroups.clear();
  }

  /**
   * For a session first stored by this batch: whether its visitor is returning (had a session
   * stored earlier, or one that started earlier in this batch: as the visitor sketches count it).
   * undefined for a session stored before.
   */
  returningIfNew(siteId: string, sessionId: string): boolean | undefined {
    const x = this.sessions.get(`${siteId}\u0001${sessionId}`);
    if (x === undefined || !x.isNew) return undefined;
    if (x.visitorId === null) return false;
    if (x.seenBefore) return true;
    for (const y of this.sessions.values()) {
      if (y !== x && y.isNew && y.siteId === siteId && y.visitorId === x.visitorId && y.firstTs < x.firstTs)
        return true;
    }
    return false;
  }

  /** The sessions first stored by this batch whose visitor is returning (before `apply` forgets them). */
  newReturningSessions(): { siteId: string; sessionId: string; visitorId: string }[] {
    const out: { siteId: string; sessionId: string; visitorId: string }[] = [];
    for (const x of this.sessions.values()) {
      if (x.isNew && x.visitorId !== null && this.returningIfNew(x.siteId, x.sessionId))
        out.push({ siteId: x.siteId, sessionId: x.sessionId, visitorId: x.visitorId });
    }
    return out;
  }

  /** Whether this (kind, site, session, name) is seen for the first time in this batch. */
  private firstInBatch(kind: string, siteId: string, sessionId: string, name: string): boolean {
    const id = `${kind}\u0001${siteId}\u0001${sessionId}\u0001${name}`;
    if (this.seenPairs.has(id)) return false;
    this.seenPairs.add(id);
    return true;
  }

  /** First sight of a session in this batch: is it new, and was its visitor seen before? */
  private track(row: IngestRow): SeenSession {
    const e = row.event;
    const id = `${row.siteId}\u0001${e.sessionId}`;
    let x = this.sessions.get(id);
    if (!x) {
      const isNew = this.s.sessionExists.get(row.siteId, e.sessionId) === undefined;
      const visitorId = e.visitorId ?? null;
      x = {
        siteId: row.siteId,
        sessionId: e.sessionId,
        visitorId,
        firstTs: row.ts,
        device: row.device,
        browser: row.browser,
        language: row.language,
        isNew,
        seenBefore: isNew && visitorId !== null && this.s.visitorSeen.get(row.siteId, visitorId) !== undefined,
        frictionDirty: false,
      };
      this.sessions.set(id, x);
    }
    if (x.visitorId === null && e.visitorId !== undefined) {
      // Ingestion keeps the first visitor id a session shows; so do the sketches.
      x.visitorId = e.visitorId;
      x.seenBefore = x.isNew && this.s.visitorSeen.get(row.siteId, e.visitorId) !== undefined;
    }
    x.firstTs = Math.min(x.firstTs, row.ts);
    return x;
  }
}
