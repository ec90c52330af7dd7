import { randomUUID } from 'node:crypto';
import type { LoupeEventInput } from '@loupe/shared';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialectOf } from '../src/db/sql-dialect.js';
import { deleteSubjectRows } from '../src/features/erasure/erasure-store.js';
import { patchResponse } from '../src/features/responses/responses-store.js';
import { noRetentionCounts, retentionStore } from '../src/features/retention/retention-store.js';
import { createSite } from '../src/features/sites/sites-store.js';
import { withIdentify } from './helpers/identify-events.js';
import { createDatasetPrompts, ingestDataset } from './helpers/ingest-dataset.js';
import { migrationInserts, migrationStatements } from './helpers/migration-inserts.js';
import { propertyRuns } from './helpers/property-runs.js';
import { clampScore, datasetArb, datasetEvents, type DatasetEvent } from './helpers/random-dataset.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';
import { tieredCountSnapshot } from './helpers/tiered-count-snapshot.js';
import { untilCovered } from './helpers/until-covered.js';

// The overview's resolutions by who answered (db/schema/audience-resolutions.ts) the writers keep
// equal the stored answers counted afresh by the migration that added them (its SQL, on the engine
// under test), after random datasets with identify calls, then random sequences of every writer of
// those counts: resolving and reopening (PATCH), a later score or comment merged by ingestion,
// retention deleting an answer or its session, erasure deleting a session's row, and a deleted
// session's events arriving again (the session stored anew, its returning flag decided afresh, so
// its kept answers change flag). After each, every answer's own `returning` is its session's (0
// without one), and each trait row's time of resolution its answer's, as the migrations that
// added those columns compute them. The overview's reads of these counts are held to plain
// computations over raw rows by read-metrics-audience-properties.test.ts.

const KEY = ['site_id', 'trait_key', 'trait_value', 'hour', '"returning"', 'device', 'bucket'];
const GRAINS = ['', '_daily', '_monthly'];
const HOUR = 3_600_000;

const opArb = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      op: fc.constant('resolve' as const),
      i: fc.nat(),
      afterMs: fc.integer({ min: -60_000, max: 40 * 86_400_000 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('reopen' as const), i: fc.nat() }) },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('rescore' as const),
      i: fc.nat(),
      score: fc.integer({ min: 0, max: 10 }),
      comment: fc.option(fc.constant('still slow'), { nil: undefined }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('retireAnswer' as const), i: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('retireSession' as const), i: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('eraseSession' as const), i: fc.nat() }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('again' as const), i: fc.nat() }) },
);

interface StoredAnswer {
  display_id: string;
  session_id: string;
  visitor_id: string | null;
  prompt_id: string;
  kind: 'nps' | 'csat' | 'ces';
  path: string;
  language: string;
  device: 'desktop' | 'mobile';
  browser: string;
  created_at: number;
  updated_at: number;
}

describe('the resolution counts by who answered', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  }, 60_000);
  afterAll(() => t?.close());

  const snapshot = (siteId: string) =>
    tieredCountSnapshot(t.app.db.$client, 'audience_resolutions', KEY, ['answers'], siteId);

  it('equal the stored answers counted afresh by the migration, after random resolve, reopen, rescore, erase and late sessions', async () => {
    const db = t.app.db.$client;
    const statements = migrationInserts('audience_resolutions', dialectOf(db) === 'postgres');
    const returningBackfill = migrationStatements('responses_returning', dialectOf(db) === 'postgres').filter((x) =>
      x.startsWith('UPDATE'),
    );
    expect(returningBackfill).toHaveLength(1);
    const resolvedBackfill = migrationStatements('response_traits_resolved', dialectOf(db) === 'postgres').filter((x) =>
      x.startsWith('UPDATE'),
    );
    expect(resolvedBackfill).toHaveLength(1);
    expect(statements).toHaveLength(3);
    // Rows under a trait, of returning sessions, of resolved complaints, and a flag changed under
    // resolved answers must have been compared, not only the '' rows of new sessions.
    const seen = { trait: false, returning: false, complaint: false, movedFlag: false };
    await untilCovered(
      () =>
        fc.assert(
          fc.property(
            datasetArb,
            fc.nat(),
            fc.integer({ min: 1, max: 40 }),
            fc.array(opArb, { maxLength: 16 }),
            (dataset, salt, batch, ops) => {
              const site = createSite(t.app.db, { name: 'a', origins: [] });
              const siteId = site.siteId;
              const events = withIdentify(datasetEvents(dataset, createDatasetPrompts(t.app, siteId)), salt);
              ingestDataset(t.app, siteId, events, batch);
              const answers = db
                .prepare(
                  'SELECT display_id, session_id, visitor_id, prompt_id, kind, path, language, device, browser, created_at, updated_at ' +
                    'FROM responses WHERE site_id = ? ORDER BY display_id',
                )
                .all(siteId) as StoredAnswer[];
              const sessions = [...new Set(events.map((e) => e.event.sessionId))];
              /** Each resolved answer's session flag as the reads take it (0 without a session row). */
              const resolvedFlags = () =>
                new Map(
                  db
                    .prepare(
                      'SELECT r.display_id, coalesce(s."returning", 0) FROM responses AS r LEFT JOIN sessions AS s ' +
                        'ON s.site_id = r.site_id AND s.session_id = r.session_id WHERE r.site_id = ? AND r.resolved_at IS NOT NULL ' +
                        'ORDER BY r.display_id',
                    )
                    .raw()
                    .all(siteId)
                    .map((r) => {
                      const [id, flag] = r as [string, number | string];
                      return [id, Number(flag)] as const;
                    }),
                );
              /** The answers whose own flag is not their session's (0 without a session row): none, after any writer. */
              const answersOffFlag = () =>
                db
                  .prepare(
                    'SELECT r.display_id FROM responses AS r LEFT JOIN sessions AS s ON s.site_id = r.site_id ' +
                      'AND s.session_id = r.session_id WHERE r.site_id = ? AND r."returning" <> coalesce(s."returning", 0)',
                  )
                  .pluck()
                  .all(siteId);
              /** The trait rows whose time of resolution is not their answer's: none, after any writer. */
              const traitsOffResolution = () =>
                db
                  .prepare(
                    'SELECT x.display_id FROM response_traits AS x JOIN responses AS r ON r.site_id = x.site_id ' +
                      'AND r.display_id = x.display_id WHERE x.site_id = ? AND ' +
                      '(x.resolved_at <> r.resolved_at OR (x.resolved_at IS NULL) <> (r.resolved_at IS NULL))',
                  )
                  .pluck()
                  .all(siteId);
              expect(answersOffFlag()).toEqual([]);
              // Then, whatever came before, every answer resolved, and a returning session with resolved
              // answers deleted by retention, stored anew, and erased: flags do move in most runs.
              const tail = [
                ...answers.map((_, i) => ({ op: 'resolve' as const, i, afterMs: HOUR })),
                { op: 'retireSession' as const, i: 0 },
                { op: 'again' as const, i: 0 },
                { op: 'eraseSession' as const, i: 2 },
              ];
              for (const o of [...ops, ...tail]) {
                const flags = resolvedFlags();
                const a = answers[o.i % Math.max(1, answers.length)];
                // Half the time a session whose deletion or return moves resolved answers between flags
                // (a returning one to delete, a deleted one to store anew), else an answer's or any session.
                const movers = db
                  .prepare(
                    'SELECT DISTINCT r.session_id FROM responses AS r LEFT JOIN sessions AS s ON s.site_id = r.site_id ' +
                      'AND s.session_id = r.session_id WHERE r.site_id = ? AND r.resolved_at IS NOT NULL AND ' +
                      `${o.op === 'again' ? 's.session_id IS NULL' : 's."returning" = 1'} ORDER BY r.session_id`,
                  )
                  .pluck()
                  .all(siteId) as string[];
                const sessionId =
                  o.i % 2 === 0 && movers.length > 0
                    ? movers[(o.i >> 1) % movers.length]!
                    : o.i % 3 === 0 || !a
                      ? sessions[o.i % sessions.length]!
                      : a.session_id;
                if (o.op === 'resolve' && a) {
                  patchResponse(t.app.db, siteId, a.display_id, { status: 'resolved' }, a.created_at + o.afterMs);
                } else if (o.op === 'reopen' && a) {
                  patchResponse(t.app.db, siteId, a.display_id, { status: 'open' }, a.created_at + HOUR);
                } else if (o.op === 'rescore' && a) {
                  const ts = Math.max(a.updated_at, a.created_at) + 1_000;
                  a.updated_at = ts;
                  const event = {
                    id: randomUUID(),
                    ts,
                    type: 'response',
                    sessionId: a.session_id,
                    url: `https://shop.example${a.path}`,
                    path: a.path,
                    language: a.language,
                    ...(a.visitor_id === null ? {} : { visitorId: a.visitor_id }),
                    promptId: a.prompt_id,
                    displayId: a.display_id,
                    kind: a.kind,
                    score: clampScore(a.kind, o.score),
                    ...(o.comment === undefined ? {} : { comment: o.comment }),
                  } as LoupeEventInput;
                  ingestDataset(t.app, siteId, [{ event, device: a.device, browser: a.browser }], 1);
                } else if (o.op === 'retireAnswer' && a) {
                  retentionStore(t.app.db).deleteResponses(
                    siteId,
                    [{ displayId: a.display_id, sessionId: a.session_id }],
                    noRetentionCounts(),
                  );
                } else if (o.op === 'retireSession') {
                  retentionStore(t.app.db).deleteSessions(siteId, [sessionId], noRetentionCounts());
                } else if (o.op === 'eraseSession') {
                  deleteSubjectRows(t.app.db, 'sessions', siteId, { sessions: [sessionId] }, 100, {});
                } else if (o.op === 'again') {
                  // The session's events once more, under new ids: a deleted session is stored anew.
                  const again: DatasetEvent[] = events
                    .filter((e) => e.event.sessionId === sessionId)
                    .map((e) => ({ ...e, event: { ...e.event, id: randomUUID() } }));
                  ingestDataset(t.app, siteId, again, batch);
                }
                for (const [id, flag] of resolvedFlags()) if ((flags.get(id) ?? flag) !== flag) seen.movedFlag = true;
                expect(answersOffFlag(), o.op).toEqual([]);
                expect(traitsOffResolution(), o.op).toEqual([]);
              }
              // The migration that added the answers' flag gives the same from the sessions.
              db.prepare('UPDATE responses SET "returning" = 0 WHERE site_id = ?').run(siteId);
              for (const sql of returningBackfill) db.prepare(sql).run();
              expect(answersOffFlag()).toEqual([]);
              // And the one that added the trait rows' time of resolution.
              db.prepare('UPDATE response_traits SET resolved_at = NULL WHERE site_id = ?').run(siteId);
              for (const sql of resolvedBackfill) db.prepare(sql).run();
              expect(traitsOffResolution()).toEqual([]);

              const kept = snapshot(siteId);
              for (const { rows } of kept) {
                for (const r of rows as unknown[][]) {
                  if (r[1] !== '') seen.trait = true;
                  if (Number(r[4]) === 1) seen.returning = true;
                  if (Number(r[6]) === -2) seen.complaint = true;
                }
              }
              for (const grain of GRAINS) db.prepare(`DELETE FROM audience_resolutions${grain}`).run();
              for (const sql of statements) db.prepare(sql).run();
              expect(snapshot(siteId)).toEqual(kept);
            },
          ),
          { numRuns: propertyRuns(40) },
        ),
      () => seen.trait && seen.returning && seen.complaint && seen.movedFlag,
    );
    expect(seen).toEqual({ trait: true, returning: true, complaint: true, movedFlag: true });
  }, 300_000);
});
