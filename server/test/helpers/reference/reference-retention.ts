import { exactPeriod, inSegment, type Raw } from './raw-rows.js';

// The retention cohorts computed plainly from the raw rows: each person (visitor id, or customer id
// an identify call named) with a session that matches the audience, in the cohort of their first
// session, active in the period of each of their sessions and converting in those with a goal.

type RawSessionRow = Raw['sessions'][number];

/** The customer ids the session's identify calls named, in any order of the calls. */
const customersOf = (s: RawSessionRow) =>
  new Set(
    s.events.filter((e) => e.type === 'identify' && e.payload.customerId).map((e) => String(e.payload.customerId)),
  );

/** The session's traits: the newest identify call's, by client time. */
function traitsOf(s: RawSessionRow): Record<string, unknown> {
  let newest: RawSessionRow['events'][number] | undefined;
  for (const e of s.events) if (e.type === 'identify' && (!newest || e.ts >= newest.ts)) newest = e;
  return (newest?.payload.traits as Record<string, unknown> | undefined) ?? {};
}

export interface RefAudience {
  by: 'visitor' | 'customer';
  plan?: string;
  seat?: string;
  returning?: boolean;
}

export function refRetention(
  raw: Raw,
  tz: string,
  interval: 'week' | 'month',
  filters: Record<string, string>,
  audience: RefAudience = { by: 'visitor' },
  /** The people counted (a fixed sample of them): by default everyone. */
  keep: (id: string) => boolean = () => true,
) {
  // A returning session: its visitor had a session that started earlier.
  const returning = (s: RawSessionRow) =>
    s.visitorId !== null && raw.sessions.some((o) => o.visitorId === s.visitorId && o.firstTs < s.firstTs);
  const matches = (s: RawSessionRow) =>
    (audience.plan === undefined || String(traitsOf(s).plan) === audience.plan) &&
    (audience.seat === undefined || String(traitsOf(s).seat) === audience.seat) &&
    (audience.returning === undefined || returning(s) === audience.returning);
  const people = new Map<string, typeof raw.sessions>();
  for (const s of raw.sessions) {
    const ids = audience.by === 'visitor' ? (s.visitorId === null ? [] : [s.visitorId]) : [...customersOf(s)];
    for (const id of ids) people.set(id, [...(people.get(id) ?? []), s]);
  }
  const cells = new Map<string, { v: number; c: number }>();
  const cohorts = new Map<string, { ever: number; repeat: number }>();
  for (const [id, sessions] of people) {
    if (!keep(id) || !sessions.some(matches)) continue;
    const first = sessions.reduce((a, b) => (b.firstTs < a.firstTs ? b : a));
    if (!inSegment(first, filters)) continue;
    const cohort = exactPeriod(first.firstTs, tz, interval);
    const active = new Set(sessions.map((s) => exactPeriod(s.firstTs, tz, interval)));
    const converted = new Set(
      sessions.filter((s) => s.goals.size > 0).map((s) => exactPeriod(s.firstTs, tz, interval)),
    );
    for (const p of active) {
      const cell = cells.get(`${cohort} ${p}`) ?? { v: 0, c: 0 };
      cell.v += 1;
      if (converted.has(p)) cell.c += 1;
      cells.set(`${cohort} ${p}`, cell);
    }
    const c = cohorts.get(cohort) ?? { ever: 0, repeat: 0 };
    if (converted.size >= 1) c.ever += 1;
    if (converted.size >= 2) c.repeat += 1;
    cohorts.set(cohort, c);
  }
  return { cells, cohorts };
}
