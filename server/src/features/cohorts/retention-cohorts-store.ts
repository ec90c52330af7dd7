import {
  type AudienceFilters,
  MAX_RETENTION_COHORTS,
  type PeopleSample,
  type RetentionResponse,
  type SegmentFilters,
} from '@loupe/shared';
import type Database from 'better-sqlite3';
import { type AudienceSampling, scaleOf } from '../../analytics/audience-sample.js';
import { hasAudience } from '../../analytics/audience-sessions.js';
import { prepared } from '../../analytics/cube-reader.js';
import { DAY_MS, formatLocalDate, LocalCalendar, type LocalDate } from '../../analytics/local-calendar.js';
import { percent } from '../../analytics/score-math.js';
import { PLAN_EACH_RUN } from '../../db/sql-dialect.js';
import { errors } from '../../errors/catalogue.js';
import { audiencePeopleSql } from './audience-people.js';
import { EITHER_RETURNING } from '../ingest/derive/audience-cohort-counts.js';
import { type CohortPeople, cohortTables, periodOf } from '../ingest/derive/cohort-deltas.js';

type Interval = 'week' | 'month';

const parseDate = (s: string): LocalDate => {
  const [year, month, day] = s.split('-').map(Number) as [number, number, number];
  return { year, month, day };
};

/** The period `n` periods after the one starting on `start` (n may be negative). */
export function addPeriods(start: LocalDate, interval: Interval, n: number): LocalDate {
  if (interval === 'week') return LocalCalendar.addDays(start, 7 * n);
  const months = start.year * 12 + (start.month - 1) + n;
  return { year: Math.floor(months / 12), month: (months % 12) + 1, day: 1 };
}

function periodsBetween(from: LocalDate, to: LocalDate, interval: Interval): number {
  if (interval === 'month') return (to.year - from.year) * 12 + (to.month - from.month);
  return Math.round(
    (Date.UTC(to.year, to.month - 1, to.day) - Date.UTC(from.year, from.month - 1, from.day)) / (7 * 86_400_000),
  );
}

function invalid(field: string, message: string): never {
  throw errors.validation(`querystring.${field}: ${message}`, [{ path: `querystring.${field}`, message }]);
}

function validDate(field: string, s: string): LocalDate {
  const d = parseDate(s);
  const check = new Date(Date.UTC(d.year, d.month - 1, d.day));
  if (d.year < 1970 || check.getUTCMonth() + 1 !== d.month || check.getUTCDate() !== d.day)
    invalid(field, 'no such date');
  return d;
}

/** cohort → period → [active, converters, ever converted (at period = cohort), repeat converters (idem)]. */
type Cells = Map<string, [number, number, number, number]>;

/**
 * The cohort table of one site: each cohort (visitors, or identified customers, by the period of
 * their first session) with those active and converting in each later period, from
 * cohort_rollups or customer_cohort_rollups (features/ingest/derive/cohort-deltas.ts): one GROUP BY
 * over at most a few thousand rows; the returning visitors (`returning=true`, no trait) the same
 * from returning_cohort_rollups (derive/returning-cohort-counts.ts); the visitors of one trait
 * (with or without `returning`) from audience_cohort_rollups (derive/audience-cohort-counts.ts).
 * Another audience (several traits, `returning=false` alone, customers) keeps the people with a matching session from the first
 * cohort on, counted from their rows in visitor_periods or customer_periods (rows per person and
 * period, not per event).
 */
export function readRetention(
  db: Database.Database,
  siteId: string,
  timeZone: string,
  q: { interval: Interval; from?: string | undefined; to?: string | undefined; by?: CohortPeople | undefined },
  filters: SegmentFilters,
  audience: AudienceFilters = { traits: [] },
  now = Date.now(),
  sampling?: AudienceSampling,
): RetentionResponse {
  const cal = new LocalCalendar(timeZone);
  const by = q.by ?? 'visitor';
  const current = cal.bucketStart(cal.dateOf(now), q.interval);
  const to = q.to === undefined ? current : cal.bucketStart(validDate('to', q.to), q.interval);
  const from =
    q.from === undefined ? addPeriods(to, q.interval, -11) : cal.bucketStart(validDate('from', q.from), q.interval);
  const count = periodsBetween(from, to, q.interval) + 1;
  if (count < 1) invalid('from', 'must not be after `to`');
  if (count > MAX_RETENTION_COHORTS) invalid('from', `at most ${MAX_RETENTION_COHORTS} cohorts in one answer`);

  const range = { interval: q.interval, from: formatLocalDate(from), to: formatLocalDate(to) };
  const fromMs = cal.instantOf(from) - DAY_MS;
  const trait = audience.traits.length === 1 ? audience.traits[0] : undefined;
  let sample: { sampled?: PeopleSample } = {};
  const cells = !hasAudience(audience)
    ? rollupCells(db, siteId, cohortTables(by).rollups, range, filters)
    : by === 'visitor' && audience.returning === true && audience.traits.length === 0
      ? rollupCells(db, siteId, 'returning_cohort_rollups', range, filters)
      : by === 'visitor' && trait !== undefined
        ? rollupCells(db, siteId, 'audience_cohort_rollups', range, filters, {
            trait_key: trait.key,
            trait_value: trait.value,
            '"returning"': audience.returning === undefined ? EITHER_RETURNING : audience.returning ? 1 : 0,
          })
        : audienceCells(db, siteId, cal, by, range, filters, audience, fromMs, sampling, (s) => (sample = s));
  const last = formatLocalDate(current);
  const cohorts: RetentionResponse['cohorts'] = [];
  for (let i = 0; i < count; i++) {
    const start = addPeriods(from, q.interval, i);
    const cohort = formatLocalDate(start);
    const first = cells.get(`${cohort} ${cohort}`) ?? [0, 0, 0, 0];
    const visitors = first[0];
    const periods: RetentionResponse['cohorts'][number]['periods'] = [];
    // Up to the current period: later ones have not happened yet (no zero is reported for them).
    for (let offset = 0; ; offset++) {
      const period = formatLocalDate(addPeriods(start, q.interval, offset));
      if (period > last) break;
      const [v, c] = cells.get(`${cohort} ${period}`) ?? [0, 0];
      periods.push({ offset, period, visitors: v, rate: percent(v, visitors), converters: c });
    }
    const repeatConverters = first[3];
    cohorts.push({
      cohort,
      visitors,
      converters: first[2],
      repeatConverters,
      repeatConversionRate: percent(repeatConverters, visitors),
      periods,
    });
  }
  return {
    interval: q.interval,
    by,
    timeZone,
    from: formatLocalDate(from),
    to: formatLocalDate(to),
    cohorts,
    ...sample,
  };
}

interface CohortRange {
  interval: Interval;
  from: string;
  to: string;
}

const SEGMENT_COLUMNS = ['device', 'browser', 'language'] as const;

/**
 * The cells of a cohort table: cohort_rollups, customer_cohort_rollups, returning_cohort_rollups,
 * or audience_cohort_rollups under one trait (`audience`: its key columns, constants of this module).
 */
function rollupCells(
  db: Database.Database,
  siteId: string,
  table: string,
  r: CohortRange,
  filters: SegmentFilters,
  audience: Record<string, string | number> = {},
): Cells {
  const conds = [
    'site_id = ?',
    ...Object.keys(audience).map((c) => `${c} = ?`),
    'interval = ?',
    'cohort >= ?',
    'cohort <= ?',
  ];
  const params: (string | number)[] = [siteId, ...Object.values(audience), r.interval, r.from, r.to];
  for (const column of SEGMENT_COLUMNS) {
    const value = filters[column];
    if (value === undefined) continue;
    conds.push(`${column} = ?`);
    params.push(value);
  }
  const sql =
    'SELECT cohort, period, sum(visitors), sum(converters), sum(converted_visitors), sum(repeat_converters) ' +
    `FROM ${table} WHERE ${conds.join(' AND ')} GROUP BY cohort, period`;
  const cells: Cells = new Map();
  const rows = prepared(db, sql).all(...params) as [string, string, number, number, number, number][];
  for (const [cohort, period, v, c, ever, repeat] of rows) cells.set(`${cohort} ${period}`, [v, c, ever, repeat]);
  return cells;
}

/** A person's cohort row with one of their periods: what the per-person counts add up. */
type PersonPeriod = [string, number, string, string, string, number, string, number];

const PERSON_PERIOD_COLUMNS =
  'c.first_ts, c.device, c.browser, c.language, ' +
  "CASE ? WHEN 'week' THEN c.converted_weeks_before ELSE c.converted_months_before END, p.period, p.converted";

/**
 * The same cells counted per person, for the people of an audience (audience-people.ts); from a
 * fixed sample of them past `sampling`'s threshold, each count scaled by the sample's 1 ÷ rate (so
 * rates stay the sample's own), and `sampled` given the sample's people in the table's cohorts.
 */
function audienceCells(
  db: Database.Database,
  siteId: string,
  cal: LocalCalendar,
  by: CohortPeople,
  r: CohortRange,
  filters: SegmentFilters,
  audience: AudienceFilters,
  fromMs: number,
  sampling: AudienceSampling | undefined,
  sampled: (s: { sampled?: PeopleSample }) => void,
): Cells {
  const t = cohortTables(by);
  const people = audiencePeopleSql(db, siteId, audience, by, fromMs, sampling);
  // One statement: each matching person's cohort row joined to their periods of the interval. A
  // cohort starts within a day of its first instant in any zone, so first_ts bounds the people.
  const rows = prepared(
    db,
    // Planned with its values on PostgreSQL: a generic plan knows neither the traits nor how many
    // sessions carry them (audience-sessions.ts says what that costs).
    `${audience.traits.length > 0 ? PLAN_EACH_RUN : ''}SELECT c.${t.id}, ${PERSON_PERIOD_COLUMNS} ` +
      `FROM (${people.sql}) a JOIN ${t.cohorts} c ON c.site_id = ? AND c.${t.id} = a.id ` +
      `JOIN ${t.periods} p ON p.site_id = c.site_id AND p.${t.id} = c.${t.id} AND p.interval = ? ` +
      'WHERE c.first_ts >= ?',
  ).all(r.interval, ...people.params, siteId, r.interval, fromMs) as PersonPeriod[];
  const cells = personCells(cal, r, filters, rows);
  if (people.walk.level === 0) return cells;
  const scale = scaleOf(people.walk);
  let found = 0;
  for (const [key, cell] of cells) {
    const [cohort, period] = key.split(' ');
    if (cohort === period) found += cell[0];
    for (let i = 0; i < cell.length; i++) cell[i]! *= scale;
  }
  sampled({ sampled: { rate: 1 / scale, people: found } });
  return cells;
}

/** The cells of the people whose rows are given (of one interval), narrowed by the segment filters. */
function personCells(cal: LocalCalendar, r: CohortRange, filters: SegmentFilters, rows: PersonPeriod[]): Cells {
  const cells: Cells = new Map();
  const add = (key: string, i: 0 | 1 | 2 | 3) => {
    let cell = cells.get(key);
    if (!cell) {
      cell = [0, 0, 0, 0];
      cells.set(key, cell);
    }
    cell[i] += 1;
  };
  // Converted periods per person (with those past the retention window, whose rows are gone).
  const converted = new Map<string, { cohort: string; n: number }>();
  for (const [id, firstTs, device, browser, language, convertedBefore, period, isConverted] of rows) {
    const segment = { device, browser, language };
    if (SEGMENT_COLUMNS.some((k) => filters[k] !== undefined && filters[k] !== segment[k])) continue;
    let person = converted.get(id);
    if (!person) {
      person = { cohort: periodOf(cal, firstTs, r.interval), n: convertedBefore };
      converted.set(id, person);
    }
    if (person.cohort < r.from || person.cohort > r.to) continue;
    add(`${person.cohort} ${period}`, 0);
    if (isConverted === 1) {
      add(`${person.cohort} ${period}`, 1);
      person.n += 1;
    }
  }
  for (const { cohort, n } of converted.values()) {
    if (cohort < r.from || cohort > r.to) continue;
    if (n >= 1) add(`${cohort} ${cohort}`, 2);
    if (n >= 2) add(`${cohort} ${cohort}`, 3);
  }
  return cells;
}
