import type { AudienceFilters } from '@loupe/shared';
import type Database from 'better-sqlite3';
import { type AudienceSampling, type AudienceWalk, audienceWalk } from '../../analytics/audience-sample.js';
import { audienceSql } from '../../analytics/audience-sessions.js';
import { leadTraitRange, otherTraitConditions } from '../../analytics/lead-trait-rows.js';
import type { CohortPeople } from '../ingest/derive/cohort-deltas.js';

// The people of an audience for a retention table the cohort counts do not hold (several traits,
// or customers): the visitors (visitor id) or identified customers (customer_sessions) with a
// session that matches it and started at or after the first cohort. Retention keeps whole people,
// with all their sessions, so an audience there is a set of people, not of sessions.
//
// Walking every session since the first cohort and probing each for the traits cost 400 ms of CPU
// at 10 M events (571,320 sessions, 14,260 people kept). With a trait, the read is driven from
// the rarest trait's rows of session_traits since then (analytics/lead-trait-rows.ts): the other
// traits are probed on each row before its session is read, so only the sessions with every trait
// are looked up. That still read 41,060 rows, probed each and looked up 20,240 sessions (270 ms).
// So past the threshold the visitors' walk reads a fixed sample of people instead: the rows of the
// visitors at a person level or deeper (session_traits.person_level, the visitor id's hash), from
// that column's index. Not a sample of sessions: a person with more sessions would more likely be
// in it. Customers and an audience without a trait are still read exactly (a customer's sessions
// have several visitors, and the sessions' own index has no person level).
/** Hours after every session start: the walk's upper bound (a retention table reads up to now). */
const NO_END = Number.MAX_SAFE_INTEGER;
const HOUR_MS = 3_600_000;

/**
 * The people of `a` as a subquery of ids (column `id`), each with a matching session whose first
 * event is at or after `fromMs`; past `sampling`'s threshold (visitors with a trait), the people of
 * the returned walk's fixed sample only, each standing for 2^level.
 */
export function audiencePeopleSql(
  db: Database.Database,
  siteId: string,
  a: AudienceFilters,
  who: CohortPeople,
  fromMs: number,
  sampling?: AudienceSampling,
): { sql: string; params: (string | number)[]; walk: AudienceWalk } {
  const select = who === 'visitor' ? 'SELECT DISTINCT s.visitor_id AS id' : 'SELECT DISTINCT m.customer_id AS id';
  const customers =
    who === 'visitor' ? '' : ' JOIN customer_sessions m ON m.site_id = s.site_id AND m.session_id = s.session_id';
  const visitorOnly = who === 'visitor' ? ' AND s.visitor_id IS NOT NULL' : '';
  // A session's hour is that of its first event as first stored; a later event can only move
  // first_ts earlier, within that hour or before it. So a session with first_ts ≥ fromMs started
  // in an hour after fromMs less an hour: the index range's bound, first_ts the exact test.
  const fromHour = Math.floor(fromMs / HOUR_MS) * HOUR_MS - HOUR_MS;
  const byPerson = who === 'visitor' && a.traits.length > 0;
  const walk = byPerson
    ? audienceWalk(db, siteId, a, fromHour, NO_END, sampling, 'person_level')
    : audienceWalk(db, siteId, a, fromHour, NO_END);
  if (walk.lead === undefined) {
    const aud = audienceSql(a);
    return {
      sql: `${select} FROM sessions s${customers} WHERE s.site_id = ? AND s.first_ts >= ?${visitorOnly}${aud.sql}`,
      params: [siteId, fromMs, ...aud.params],
      walk,
    };
  }
  const lead = { ...walk, lead: walk.lead };
  const column = byPerson ? 'person_level' : 'sample_level';
  const rows = leadTraitRange(siteId, lead, fromHour, NO_END, column);
  const others = otherTraitConditions(siteId, a, lead, fromHour, NO_END, column);
  if (byPerson && a.returning === undefined) {
    // The visitors from the person index alone (its rows keep the session's visitor id), no
    // session looked up. The session's first_ts is not tested: the caller keeps only people whose
    // cohort began at or after fromMs, and a person's sessions all began at or after their cohort.
    return {
      sql: `SELECT DISTINCT d.visitor_id AS id FROM session_traits d WHERE ${rows.sql}${others.sql} AND d.visitor_id IS NOT NULL`,
      params: [...rows.params, ...others.params],
      walk,
    };
  }
  const returning = audienceSql({ traits: [], returning: a.returning });
  // CROSS JOIN keeps the trait's rows outside: a session is read only once every trait matched.
  return {
    sql:
      `${select} FROM session_traits d CROSS JOIN sessions s ON s.site_id = d.site_id AND s.session_id = d.session_id` +
      `${customers} WHERE ${rows.sql}${others.sql} AND s.first_ts >= ?${visitorOnly}${returning.sql}`,
    params: [...rows.params, ...others.params, fromMs, ...returning.params],
    walk,
  };
}
