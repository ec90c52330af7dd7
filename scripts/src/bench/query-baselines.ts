import type Database from 'better-sqlite3';

// The baseline of `npm run bench:query`: each metrics question answered by scanning raw rows
// (events, responses, sessions) with the indexes ingestion keeps, as a competent query without
// rollups would. Only the ratio to the rollup answer is meaningful.

export interface Question {
  siteId: string;
  from: number;
  to: number;
  tz: string;
}

/** The formatter `localDay` reads a zone's wall clock with: one per question, as a raw scan would. */
function localFormatter(tz: string): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat('en-US', {
    timeZone: tz,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
  });
}

const offsets = new Map<string, number>();
/** Local date of an instant, with an offset cached per zone and UTC hour. */
function localDay(t: number, tz: string, f: Intl.DateTimeFormat): string {
  const hour = t - (t % 3_600_000);
  const key = `${tz}${hour}`;
  let off = offsets.get(key);
  if (off === undefined) {
    const p = Object.fromEntries(f.formatToParts(hour).map((x) => [x.type, Number(x.value)]));
    off = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!) - hour;
    offsets.set(key, off);
  }
  return new Date(t + off).toISOString().slice(0, 10);
}

function all(db: Database.Database, sql: string, ...params: unknown[]): Record<string, number | string | null>[] {
  return db.prepare(sql).all(...params) as Record<string, number | string | null>[];
}

export function rawScores(db: Database.Database, q: Question, kind: string): number {
  const f = localFormatter(q.tz);
  const days = new Map<string, number[]>();
  for (const r of all(
    db,
    'SELECT created_at, score FROM responses WHERE site_id = ? AND kind = ? AND created_at >= ? AND created_at < ?',
    q.siteId,
    kind,
    q.from,
    q.to,
  )) {
    const d = localDay(Number(r.created_at), q.tz, f);
    const counts = days.get(d) ?? new Array<number>(11).fill(0);
    counts[Number(r.score)]! += 1;
    days.set(d, counts);
  }
  const prompts = db
    .prepare('SELECT id FROM prompts WHERE site_id = ? AND kind = ?')
    .pluck()
    .all(q.siteId, kind) as string[];
  const shown = new Map<string, number>();
  for (const r of all(
    db,
    `SELECT ts FROM events WHERE site_id = ? AND type = 'prompt_shown' AND ts >= ? AND ts < ? AND prompt_id IN (${prompts.map(() => '?').join(',') || "''"})`,
    q.siteId,
    q.from,
    q.to,
    ...prompts,
  )) {
    const d = localDay(Number(r.ts), q.tz, f);
    shown.set(d, (shown.get(d) ?? 0) + 1);
  }
  return days.size + shown.size;
}

export function rawPages(db: Database.Database, q: Question): number {
  const p = [q.siteId, q.from, q.to];
  const ev = (type: string, select: string, extra = '') =>
    all(
      db,
      `SELECT ${select} FROM events WHERE site_id = ? AND type = '${type}' AND ts >= ? AND ts < ? ${extra}`,
      ...p,
    );
  const rows = [
    ev('pageview', 'path, COUNT(*) n, COUNT(DISTINCT session_id) s', 'GROUP BY path'),
    ev('engagement', "path, SUM(json_extract(payload, '$.engagedMs')) ms", 'GROUP BY path'),
    all(
      db,
      "SELECT path, AVG(m) FROM (SELECT path, session_id, MAX(json_extract(payload, '$.scrollDepth')) m FROM events WHERE site_id = ? AND type = 'engagement' AND ts >= ? AND ts < ? GROUP BY path, session_id) GROUP BY path",
      ...p,
    ),
    ev('click', 'path, click_kind, COUNT(*) n', "AND click_kind <> 'click' GROUP BY path, click_kind"),
    ev('error', 'path, COUNT(*) n', "AND json_extract(payload, '$.source') <> 'resource' GROUP BY path"),
    all(
      db,
      'SELECT entry_path, COUNT(*), SUM(engaged), SUM(pageviews >= 2) FROM sessions WHERE site_id = ? AND first_ts >= ? AND first_ts < ? GROUP BY entry_path',
      ...p,
    ),
    all(
      db,
      'SELECT path, kind, score, COUNT(*) FROM responses WHERE site_id = ? AND created_at >= ? AND created_at < ? GROUP BY path, kind, score',
      ...p,
    ),
  ];
  // Exact p75 per page and vital: every sample, sorted.
  const vitals = new Map<string, number[]>();
  for (const r of ev('vital', 'path, vital_name, vital_value')) {
    const k = `${r.path} ${r.vital_name}`;
    (vitals.get(k) ?? vitals.set(k, []).get(k)!).push(Number(r.vital_value));
  }
  for (const v of vitals.values()) v.sort((a, b) => a - b)[Math.ceil(0.75 * v.length) - 1];
  return rows.reduce((n, r) => n + r.length, vitals.size);
}

function overviewOnce(db: Database.Database, q: Question): number {
  const p = [q.siteId, q.from, q.to];
  const rows = [
    all(
      db,
      "SELECT COUNT(*), SUM(engaged), COUNT(DISTINCT coalesce(visitor_id, 's:' || session_id)) FROM sessions WHERE site_id = ? AND first_ts >= ? AND first_ts < ?",
      ...p,
    ),
    // Returning: visitors of sessions in range that started after that visitor's first session.
    all(
      db,
      'SELECT COUNT(DISTINCT visitor_id) FROM (SELECT visitor_id, first_ts, MIN(first_ts) OVER (PARTITION BY visitor_id) AS f FROM sessions WHERE site_id = ? AND visitor_id IS NOT NULL) WHERE first_ts >= ? AND first_ts < ? AND first_ts > f',
      ...p,
    ),
    all(
      db,
      "SELECT e.track_name, COUNT(DISTINCT e.session_id) FROM events e JOIN sessions s ON s.site_id = e.site_id AND s.session_id = e.session_id WHERE e.site_id = ? AND e.type = 'track' AND s.first_ts >= ? AND s.first_ts < ? GROUP BY e.track_name",
      ...p,
    ),
    all(
      db,
      'SELECT kind, score, COUNT(*), COUNT(comment) FROM responses WHERE site_id = ? AND created_at >= ? AND created_at < ? GROUP BY kind, score',
      ...p,
    ),
    all(
      db,
      'SELECT resolved_at - created_at FROM responses WHERE site_id = ? AND resolved_at IS NOT NULL AND resolved_at >= ? AND resolved_at < ? ORDER BY 1',
      ...p,
    ),
  ];
  return rows.reduce((n, r) => n + r.length, 0);
}

export function rawOverview(db: Database.Database, q: Question): number {
  return overviewOnce(db, q) + overviewOnce(db, { ...q, from: 2 * q.from - q.to, to: q.from });
}

export function rawErrors(db: Database.Database, q: Question): number {
  const p = [q.siteId, q.from, q.to];
  const groups = all(
    db,
    "SELECT fingerprint, COUNT(*) n, COUNT(DISTINCT session_id) s, MIN(ts), MAX(ts) FROM events WHERE site_id = ? AND type = 'error' AND ts >= ? AND ts < ? GROUP BY fingerprint ORDER BY n DESC LIMIT 50",
    ...p,
  );
  const pages = all(
    db,
    "SELECT fingerprint, path, COUNT(*) FROM events WHERE site_id = ? AND type = 'error' AND ts >= ? AND ts < ? GROUP BY fingerprint, path",
    ...p,
  );
  const sample = db.prepare(
    "SELECT payload FROM events WHERE site_id = ? AND type = 'error' AND fingerprint = ? ORDER BY ts DESC LIMIT 1",
  );
  for (const g of groups) sample.get(q.siteId, g.fingerprint);
  return groups.length + pages.length;
}

export function rawClicks(db: Database.Database, q: Question): number {
  return all(
    db,
    "SELECT path, selector, click_kind, COUNT(*), SUM(coalesce(json_extract(payload, '$.count'), 1)) FROM events WHERE site_id = ? AND type = 'click' AND click_kind <> 'click' AND ts >= ? AND ts < ? GROUP BY path, selector, click_kind",
    q.siteId,
    q.from,
    q.to,
  ).length;
}

/** Friction before each answer: the answer's session events before it, per answer. */
export function rawFriction(db: Database.Database, q: Question, kind: string): number {
  const rows = all(
    db,
    "SELECT r.display_id, r.score, e.type, e.click_kind, e.path, json_extract(e.payload, '$.source') AS source FROM responses r " +
      'JOIN events e ON e.site_id = r.site_id AND e.session_id = r.session_id AND e.ts < r.created_at ' +
      "WHERE r.site_id = ? AND r.kind = ? AND r.created_at >= ? AND r.created_at < ? AND e.type IN ('pageview', 'click', 'error')",
    q.siteId,
    kind,
    q.from,
    q.to,
  );
  const masks = new Map<string, { score: number; mask: number; pages: Map<string, number> }>();
  for (const r of rows) {
    const m = masks.get(String(r.display_id)) ?? { score: Number(r.score), mask: 0, pages: new Map() };
    const friction =
      (r.type === 'click' && r.click_kind !== 'click') || (r.type === 'error' && r.source !== 'resource');
    if (friction) m.mask |= r.type === 'error' ? 8 : r.click_kind === 'rage' ? 1 : r.click_kind === 'dead' ? 2 : 4;
    if (friction || r.type === 'pageview')
      m.pages.set(String(r.path), Math.max(m.pages.get(String(r.path)) ?? 0, friction ? 1 : 0));
    masks.set(String(r.display_id), m);
  }
  return masks.size;
}

/** Traffic per browser: sessions, visitors, bounce, conversion, engagement from sessions; page views from events. */
export function rawBreakdown(db: Database.Database, q: Question): number {
  const p = [q.siteId, q.from, q.to];
  const rows = [
    all(
      db,
      'SELECT browser, COUNT(*), SUM(engaged), SUM(tracks > 0), SUM(engaged_ms), COUNT(DISTINCT coalesce(visitor_id, session_id)) ' +
        'FROM sessions WHERE site_id = ? AND first_ts >= ? AND first_ts < ? GROUP BY browser',
      ...p,
    ),
    all(
      db,
      "SELECT browser, COUNT(*) FROM events WHERE site_id = ? AND type = 'pageview' AND ts >= ? AND ts < ? GROUP BY browser",
      ...p,
    ),
  ];
  return rows.reduce((n, r) => n + r.length, 0);
}

/** The traffic figures and scores per local day, from sessions, page view events and responses. */
export function rawTimeseries(db: Database.Database, q: Question): number {
  const f = localFormatter(q.tz);
  const days = new Map<string, number[]>();
  const add = (t: number, i: number, n = 1) => {
    const d = localDay(t, q.tz, f);
    const x = days.get(d) ?? new Array<number>(8).fill(0);
    x[i]! += n;
    days.set(d, x);
  };
  const visitors = new Map<string, Set<string>>();
  for (const r of all(
    db,
    'SELECT first_ts, engaged, tracks, engaged_ms, coalesce(visitor_id, session_id) AS v FROM sessions WHERE site_id = ? AND first_ts >= ? AND first_ts < ?',
    q.siteId,
    q.from,
    q.to,
  )) {
    const t = Number(r.first_ts);
    add(t, 0);
    add(t, 1, Number(r.engaged));
    add(t, 2, Number(r.tracks) > 0 ? 1 : 0);
    add(t, 3, Number(r.engaged_ms));
    const d = localDay(t, q.tz, f);
    (visitors.get(d) ?? visitors.set(d, new Set()).get(d)!).add(String(r.v));
  }
  for (const r of all(
    db,
    "SELECT ts FROM events WHERE site_id = ? AND type = 'pageview' AND ts >= ? AND ts < ?",
    q.siteId,
    q.from,
    q.to,
  ))
    add(Number(r.ts), 4);
  for (const r of all(
    db,
    'SELECT created_at, kind, score FROM responses WHERE site_id = ? AND created_at >= ? AND created_at < ?',
    q.siteId,
    q.from,
    q.to,
  )) {
    add(Number(r.created_at), r.kind === 'nps' ? 5 : r.kind === 'csat' ? 6 : 7, Number(r.score));
  }
  return days.size + visitors.size;
}

/**
 * The shop's funnel (product page → cart → checkout → purchase) walked over the raw page views and
 * goals of the range, session by session, as a competent query without the funnels' read model would.
 */
export function rawFunnel(db: Database.Database, q: Question): number {
  const rows = db
    .prepare(
      "SELECT session_id, type, path, track_name FROM events WHERE site_id = ? AND type IN ('pageview', 'track') " +
        'AND ts >= ? AND ts < ? ORDER BY session_id, ts',
    )
    .raw()
    .iterate(q.siteId, q.from, q.to) as IterableIterator<[string, string, string, string | null]>;
  const matches = [
    (t: string, p: string) => t === 'pageview' && p.startsWith('/product/'),
    (t: string, p: string) => t === 'pageview' && p === '/cart',
    (t: string, p: string) => t === 'pageview' && p === '/checkout',
    (t: string, _p: string, n: string | null) => t === 'track' && n === 'purchase',
  ];
  const entered = [0, 0, 0, 0];
  let session = '';
  let step = 0;
  for (const [id, type, path, name] of rows) {
    if (id !== session) {
      session = id;
      step = 0;
    }
    if (step < matches.length && matches[step]!(type, path, name)) entered[step++]! += 1;
  }
  return entered[0]!;
}

/** Goal conversion per page: each session's pages and whether it tracked a goal, from raw events. */
export function rawConversion(db: Database.Database, q: Question): number {
  const rows = db
    .prepare(
      "SELECT session_id, type, path FROM events WHERE site_id = ? AND type IN ('pageview', 'track') AND ts >= ? AND ts < ? ORDER BY session_id",
    )
    .raw()
    .iterate(q.siteId, q.from, q.to) as IterableIterator<[string, string, string]>;
  const counts = new Map<string, [number, number]>();
  let session = '';
  let pages = new Set<string>();
  let converted = false;
  const flush = () => {
    for (const p of pages) {
      const c = counts.get(p) ?? [0, 0];
      c[0] += 1;
      if (converted) c[1] += 1;
      counts.set(p, c);
    }
  };
  for (const [id, type, path] of rows) {
    if (id !== session) {
      flush();
      [session, pages, converted] = [id, new Set(), false];
    }
    if (type === 'track') converted = true;
    else pages.add(path);
  }
  flush();
  return counts.size;
}

/**
 * Task success from the raw events: every task event of the range's sessions in time order,
 * paired per session and task into runs in memory; the times on task sorted for the median and
 * p75; the answers of the sessions with an ended run, after the outcome.
 */
export function rawTasks(db: Database.Database, q: Question): number {
  const events = all(
    db,
    "SELECT session_id, ts, json_extract(payload, '$.name') AS task, json_extract(payload, '$.action') AS action " +
      "FROM events WHERE site_id = ? AND type = 'task' AND ts >= ? AND ts < ? ORDER BY session_id, ts",
    q.siteId,
    q.from,
    q.to,
  );
  const open = new Map<string, number>();
  const runs = new Map<string, { started: number; succeeded: number; failed: number; times: number[] }>();
  const ended: { session: string; task: string; at: number; success: boolean }[] = [];
  for (const e of events) {
    const key = `${e.session_id}\u0001${e.task}`;
    const task = String(e.task);
    const r = runs.get(task) ?? { started: 0, succeeded: 0, failed: 0, times: [] };
    runs.set(task, r);
    const start = open.get(key);
    if (e.action === 'start') {
      if (start === undefined) {
        open.set(key, Number(e.ts));
        r.started += 1;
      }
    } else if (start !== undefined) {
      open.delete(key);
      if (e.action === 'success') {
        r.succeeded += 1;
        r.times.push(Number(e.ts) - start);
      } else r.failed += 1;
      ended.push({ session: String(e.session_id), task, at: Number(e.ts), success: e.action === 'success' });
    }
  }
  for (const r of runs.values()) r.times.sort((a, b) => a - b);
  const answers = db.prepare('SELECT kind, score, created_at FROM responses WHERE site_id = ? AND session_id = ?');
  let after = 0;
  for (const x of ended)
    for (const a of answers.all(q.siteId, x.session) as { created_at: number }[]) after += a.created_at >= x.at ? 1 : 0;
  return runs.size + after;
}

/** Journeys: each answer's session page views before it, the last three steps grouped by band. */
export function rawJourneys(db: Database.Database, q: Question, kind: string): number {
  const rows = all(
    db,
    'SELECT r.display_id, r.score, e.path FROM responses r ' +
      'JOIN events e ON e.site_id = r.site_id AND e.session_id = r.session_id AND e.ts < r.created_at ' +
      "WHERE r.site_id = ? AND r.kind = ? AND r.created_at >= ? AND r.created_at < ? AND e.type = 'pageview' " +
      'ORDER BY r.display_id, e.ts',
    q.siteId,
    kind,
    q.from,
    q.to,
  );
  const steps = new Map<string, { score: number; paths: string[] }>();
  for (const r of rows) {
    const s = steps.get(String(r.display_id)) ?? { score: Number(r.score), paths: [] };
    if (s.paths[s.paths.length - 1] !== r.path) s.paths.push(String(r.path));
    steps.set(String(r.display_id), s);
  }
  const journeys = new Map<string, number>();
  for (const s of steps.values()) {
    const key = `${s.score <= 6 ? 'd' : s.score >= 9 ? 'p' : 'n'}${s.paths.slice(-3).join(' ')}`;
    journeys.set(key, (journeys.get(key) ?? 0) + 1);
  }
  return journeys.size;
}

/** Touchpoints: answers per page from the responses table (the groups applied in memory). */
export function rawTouchpoints(db: Database.Database, q: Question, kind: string): number {
  return all(
    db,
    'SELECT path, score, count(*) AS n FROM responses WHERE site_id = ? AND kind = ? AND created_at >= ? AND created_at < ? ' +
      'GROUP BY path, score',
    q.siteId,
    kind,
    q.from,
    q.to,
  ).length;
}

/** Error rate by day and by release without the read model: sessions and their JS errors from events. */
export function rawErrorRate(db: Database.Database, q: Question): number {
  return all(
    db,
    "SELECT s.release, s.hour, COUNT(*) n, SUM(EXISTS (SELECT 1 FROM events e WHERE e.site_id = s.site_id AND e.session_id = s.session_id AND e.type = 'error' AND json_extract(e.payload, '$.source') <> 'resource')) errors " +
      'FROM sessions s WHERE s.site_id = ? AND s.first_ts >= ? AND s.first_ts < ? GROUP BY s.release, s.hour',
    q.siteId,
    q.from,
    q.to,
  ).length;
}

/** Retention by week: every session's visitor and start, first week per visitor, active weeks per cohort. */
export function rawRetention(db: Database.Database, q: Question): number {
  const f = localFormatter(q.tz);
  const week = (t: number) => {
    const d = new Date(`${localDay(t, q.tz, f)}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
    return d.toISOString().slice(0, 10);
  };
  const rows = all(
    db,
    'SELECT visitor_id, first_ts FROM sessions WHERE site_id = ? AND visitor_id IS NOT NULL ORDER BY first_ts',
    q.siteId,
  );
  const first = new Map<string, string>();
  const cells = new Set<string>();
  for (const r of rows) {
    const v = String(r.visitor_id);
    const w = week(Number(r.first_ts));
    if (!first.has(v)) first.set(v, w);
    cells.add(`${first.get(v)} ${w} ${v}`);
  }
  return cells.size;
}

/** Mean and median engaged time per session by day, from the sessions' engagement events. */
export function rawEngagement(db: Database.Database, q: Question): number {
  const rows = all(
    db,
    "SELECT e.session_id, MIN(s.first_ts) AS first, SUM(json_extract(e.payload, '$.engagedMs')) AS ms FROM sessions s " +
      "LEFT JOIN events e ON e.site_id = s.site_id AND e.session_id = s.session_id AND e.type = 'engagement' " +
      'WHERE s.site_id = ? AND s.first_ts >= ? AND s.first_ts < ? GROUP BY s.session_id',
    q.siteId,
    q.from,
    q.to,
  );
  const days = new Map<number, number[]>();
  for (const r of rows) {
    const day = Math.floor(Number(r.first) / 86_400_000);
    days.set(day, [...(days.get(day) ?? []), Number(r.ms ?? 0)]);
  }
  for (const ms of days.values()) ms.sort((a, b) => a - b);
  return days.size;
}

/** The most clicked elements: ordinary clicks from events. */
export function rawPlainClicks(db: Database.Database, q: Question): number {
  return all(
    db,
    "SELECT path, selector, COUNT(*) n FROM events WHERE site_id = ? AND type = 'click' AND click_kind = 'click' AND ts >= ? AND ts < ? GROUP BY path, selector ORDER BY n DESC LIMIT 50",
    q.siteId,
    q.from,
    q.to,
  ).length;
}
