import { randomUUID } from 'node:crypto';
import { savedFunnelInputSchema } from '@loupe/shared';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../src/features/accounts/users-store.js';
import { createSavedFunnel } from '../src/features/funnels/saved-funnel-store.js';
import { shareCookieName } from '../src/features/shares/share-cookie.js';
import { createShareSession } from '../src/features/shares/share-sessions-store.js';
import { createShare } from '../src/features/shares/shares-store.js';
import { createSite } from '../src/features/sites/sites-store.js';
import { POSTGRES_ROUTES } from '../src/plugins/postgres-routes.js';
import { ADMIN, addUser, cookieOf, login, SAME_ORIGIN } from './helpers/accounts.js';
import { createDatasetPrompts, ingestDataset } from './helpers/ingest-dataset.js';
import { PARITY, PROBES, type Probe } from './helpers/parity-probes.js';
import { postgresTestApps } from './helpers/postgres-test-apps.js';
import { datasetArb, datasetEvents, type DatasetEvent, promptIdsFor } from './helpers/random-dataset.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

// The same batches ingested into SQLite and into PostgreSQL (through db/postgres/sync-postgres.ts,
// with the same derivation code and SQL texts) must leave equal rows in every table, and the routes
// served on PostgreSQL (plugins/postgres-routes.ts) must answer the same.

/**
 * API reads proved on both engines by their own test files (helpers/engine-apps.ts): reads of what
 * those files' writes made (webhooks, the first owner, an export).
 */
const OWN_TESTS = new Set([
  'GET /v1/auth/setup',
  'GET /v1/visitors/:visitorId/export',
  'GET /v1/webhooks',
  'GET /v1/webhooks/:webhookId',
  'GET /v1/webhooks/:webhookId/deliveries',
]);
/**
 * Outside /v1/ only the routes with probes (the API's description) are compared here; the others
 * serve files (the widget, the dashboard, the docs' assets, link-survey pages, the 404), which
 * their own tests fetch on both engines. Every /v1/ read needs probes or a place in OWN_TESTS.
 */
const servesFiles = (r: string) => !r.startsWith('GET /v1/') && PROBES[r.slice('GET '.length)] === undefined;
/** The read routes in POSTGRES_ROUTES (the accounts' have a test of their own, below). */
const READ_ROUTES = [...POSTGRES_ROUTES]
  .filter((r) => r.startsWith('GET /') && !['GET /healthz', 'GET /v1/sites', 'GET /v1/auth/me'].includes(r))
  .filter((r) => !OWN_TESTS.has(r) && !servesFiles(r))
  .map((r) => r.slice('GET '.length));
/** What inject() answered, as far as the comparison reads it. */
interface InjectedAnswer {
  statusCode: number;
  headers: Record<string, unknown>;
  body: string;
}

/** Written at creation with the clock or random keys, not derived from the events. */
const NOT_DERIVED = new Set([
  'sites',
  'prompts',
  'audit_log',
  'settings',
  'shares',
  'share_sessions',
  'users',
  'link_secrets',
]);
/** PostgreSQL's own columns (the events' partition key), absent on SQLite. */
const POSTGRES_ONLY = new Set(['client_ts']);
/** The product's claim: the same 200 batches give byte-identical answers for every read route. */
const BATCHES = 200;

describe('SQLite and PostgreSQL, same batches', () => {
  // A database whose text collation is a language's (ICU en-US), as most installs' en_US.UTF-8 is:
  // an ORDER BY of text that forgets SQLite's byte order shows here (the test server's own is C).
  const {
    apps: [postgres],
  } = postgresTestApps({
    database: { schema: 'empty', clauses: "LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C.UTF-8'" },
  });
  let sqlite: TestApp;
  const secretKeys = new Map<TestApp, string>();
  const shareCookies = new Map<TestApp, string>();

  beforeAll(async () => {
    sqlite = await createTestApp();
    expect(postgres.app.db.$client.prepare("SELECT 'Team' < '_trial'").pluck().get()).toBe(0);
    expect(sqlite.app.db.$client.prepare("SELECT 'Team' < '_trial'").pluck().get()).toBe(1);
    const datasets = fc.sample(datasetArb, { seed: 20_261_204, numRuns: 30 });
    let events: DatasetEvent[] | undefined;
    for (const t of [sqlite, postgres]) {
      const { secretKey, shareCookie } = createParityRows(t.app);
      secretKeys.set(t, secretKey);
      shareCookies.set(t, shareCookie);
      // One list of events (their ids are random) for both engines, cut into BATCHES batches of
      // several sizes, each committed on its own.
      events ??= datasets.flatMap((d) => withIdentities(datasetEvents(d, promptIdsFor(PARITY.site))));
      for (const batch of batchesOf(events, BATCHES)) ingestDataset(t.app, PARITY.site, batch, batch.length);
      // The link secret is made (random, with the clock) on its first read: that read, then the same time.
      const made = await send(t, 'GET', { url: '/v1/link-secret', as: 'site' });
      expect(made.statusCode, made.body).toBe(200);
      t.app.db.$client.prepare('UPDATE link_secrets SET created_at = ?').run(PARITY.at);
    }
  }, 180_000);
  afterAll(async () => {
    await sqlite?.close();
  });

  it('leaves equal rows in every derived table', () => {
    const tables = sqlite.app.db.$client
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
      .pluck()
      .all() as string[];
    const derived = tables.filter((name) => !NOT_DERIVED.has(name) && !name.startsWith('__'));
    let compared = 0;
    for (const table of derived) {
      const expected = rowsOf(sqlite, table);
      expect({ table, rows: rowsOf(postgres, table) }).toEqual({ table, rows: expected });
      compared += expected.length;
    }
    // The dataset reached the derivations: a comparison of empty tables proves nothing.
    expect(compared).toBeGreaterThan(5000);
    // Every derived table read twice, one engine over the network: 4.5 s at a load of 20.
  }, 30_000);

  function send(t: TestApp, method: 'GET' | 'HEAD', probe: Probe) {
    return t.app.inject({
      method,
      url: probe.url,
      headers:
        probe.as === 'share'
          ? { cookie: shareCookies.get(t) as string }
          : { authorization: `Bearer ${probe.as === 'admin' ? ADMIN : secretKeys.get(t)}` },
    });
  }

  /** Status, content type, ETag and body, byte for byte: what a client can tell apart. */
  const answer = (r: InjectedAnswer, probe: Probe) => ({
    url: probe.url,
    status: r.statusCode,
    contentType: r.headers['content-type'],
    etag: r.headers.etag,
    body: LEGIT_DIFFERENCES[probe.url.split('?')[0] as string]?.(r.body) ?? r.body,
  });

  it.each(READ_ROUTES)(
    'answers GET and HEAD %s byte for byte the same on both',
    async (route) => {
      const probes = route === '/v1/responses/:id' ? responseProbes() : (PROBES[route] ?? []);
      expect(probes.length, `no probes to compare ${route} with`).toBeGreaterThan(0);
      let nonEmpty = 0;
      for (const probe of probes) {
        const [a, b] = await Promise.all([send(sqlite, 'GET', probe), send(postgres, 'GET', probe)]);
        expect(a.statusCode, `${probe.url}: ${a.body}`).toBe(200);
        expect(answer(b, probe), `${probe.url}: ${firstDifference(a.body, b.body)}`).toEqual(answer(a, probe));
        if (a.body.length > 0) nonEmpty += 1;
        const [ha, hb] = await Promise.all([send(sqlite, 'HEAD', probe), send(postgres, 'HEAD', probe)]);
        expect(ha.statusCode, probe.url).toBe(200);
        expect(answer(hb, probe)).toEqual(answer(ha, probe));
      }
      expect(nonEmpty).toBeGreaterThan(0);
    },
    60_000,
  );

  it('pages through the answers with the same cursors on both', async () => {
    let url: string | undefined = '/v1/responses?limit=7';
    let pages = 0;
    while (url !== undefined) {
      const probe: Probe = { url, as: 'site' };
      const [a, b] = await Promise.all([send(sqlite, 'GET', probe), send(postgres, 'GET', probe)]);
      expect(answer(b, probe), `${url}: ${firstDifference(a.body, b.body)}`).toEqual(answer(a, probe));
      const next = (a.json() as { nextCursor: string | null }).nextCursor;
      url = next === null ? undefined : `/v1/responses?limit=7&cursor=${encodeURIComponent(next)}`;
      pages += 1;
    }
    expect(pages).toBeGreaterThan(5);
  }, 60_000);

  /** A dozen answers' own pages. */
  function responseProbes(): Probe[] {
    const ids = sqlite.app.db.$client
      .prepare('SELECT display_id FROM responses WHERE site_id = ? ORDER BY display_id LIMIT 12')
      .pluck()
      .all(PARITY.site) as string[];
    expect(ids.length).toBeGreaterThan(5);
    return ids.map((id) => ({ url: `/v1/responses/${id}`, as: 'site' }));
  }

  it('creates and lists sites, and logs a user in and out, on PostgreSQL', async () => {
    const admin = { authorization: `Bearer ${ADMIN}` };
    const created = await postgres.app.inject({
      method: 'POST',
      url: '/v1/sites',
      headers: admin,
      payload: { name: 'Second', origins: ['https://second.example'] },
    });
    expect(created.statusCode, created.body).toBe(201);
    const listed = await postgres.app.inject({ url: '/v1/sites', headers: admin });
    expect(listed.statusCode, listed.body).toBe(200);
    expect(JSON.stringify(listed.json())).toContain('https://second.example');

    await addUser(postgres.app, 'owner@example.com', 'owner');
    const session = await login(postgres.app, 'owner@example.com');
    expect(session.statusCode, session.body).toBe(204);
    const cookie = cookieOf(session.headers['set-cookie']);
    const me = await postgres.app.inject({ url: '/v1/auth/me', headers: { cookie } });
    expect(me.json()).toMatchObject({ user: { email: 'owner@example.com', role: 'owner' } });
    const out = await postgres.app.inject({
      method: 'POST',
      url: '/v1/auth/logout',
      headers: { cookie, origin: SAME_ORIGIN },
    });
    expect(out.statusCode, out.body).toBeLessThan(300);
    expect((await postgres.app.inject({ url: '/v1/auth/me', headers: { cookie } })).statusCode).toBe(401);
  }, 30_000);

  it('serves every route the server registers', () => {
    expect(postgres.app.routesNotOnPostgres).toEqual([]);
    expect(sqlite.app.routesNotOnPostgres).toEqual([]);
  });
});

/**
 * Parts of an answer that legitimately differ between the engines, replaced before comparing:
 * the link secret is 32 random bytes made on its first read (each engine made its own).
 */
const LEGIT_DIFFERENCES: Record<string, (body: string) => string> = {
  '/v1/link-secret': (body) => body.replace(/"lsec_[A-Za-z0-9_-]{43}"/, '"lsec_(random)"'),
};

/**
 * The rows written with the clock or random keys (site, prompts, a saved funnel, a share and its
 * open view, a user, audit entries), made the same in both engines: fixed ids and times.
 */
function createParityRows(app: TestApp['app']): { secretKey: string; shareCookie: string } {
  const db = app.db.$client;
  const site = createSite(app.db, { name: 'Parity', origins: ['https://shop.example'] });
  db.prepare('UPDATE sites SET id = ?, public_key = ?, created_at = ? WHERE id = ?').run(
    PARITY.site,
    PARITY.publicKey,
    PARITY.at,
    site.siteId,
  );
  createDatasetPrompts(app, PARITY.site);
  // Creation times a millisecond apart (PostgreSQL orders ties of one millisecond by id, SQLite by rowid).
  for (const [i, kind] of ['nps', 'csat', 'ces'].entries())
    db.prepare('UPDATE prompts SET created_at = ?, updated_at = ? WHERE id = ?').run(
      PARITY.at + i,
      PARITY.at + i,
      `${kind}-${PARITY.site}`,
    );
  const funnel = createSavedFunnel(
    db,
    PARITY.site,
    savedFunnelInputSchema.parse({ name: 'Checkout', steps: ['/', '/cart', 'track:purchase'] }),
    10,
    PARITY.at,
  );
  db.prepare('UPDATE saved_funnels SET id = ? WHERE id = ?').run(PARITY.funnel, funnel?.id);
  const share = createShare(app.db, PARITY.site, { label: 'Board', passwordHash: null });
  db.prepare('UPDATE shares SET id = ?, created_at = ? WHERE id = ?').run(PARITY.share, PARITY.at, share.shareId);
  const { token } = createShareSession(app.db, PARITY.share, Date.now());
  const user = createUser(app.db, { email: 'viewer@example.com', role: 'viewer', passwordHash: 'x', siteIds: [] });
  db.prepare('UPDATE users SET id = ?, created_at = ? WHERE id = ?').run(PARITY.user, PARITY.at, user.userId);
  // Written as recordAudit writes them (its drizzle insert sends seq NULL, which PostgreSQL's identity
  // column refuses: the erasure routes that audit are not served on PostgreSQL yet).
  for (const [i, action] of ['visitor.erase', 'origin.remove', 'retention.purge'].entries())
    db.prepare(
      'INSERT INTO audit_log (site_id, at, actor_kind, action, target_kind, target_ref, rows, total_rows) ' +
        "VALUES (?, ?, 'admin token', ?, 'origin', ?, ?, ?)",
    ).run(PARITY.site, PARITY.at + (i >> 1), action, `ref${i}`, JSON.stringify({ sessions: i + 1 }), i + 1);
  return { secretKey: site.secretKey, shareCookie: `${shareCookieName(PARITY.share)}=${token}` };
}

const PLANS: Record<string, string> = { v1: 'pro', v2: 'Team', v3: 'free', v4: '_trial' };

/**
 * Each session of a visitor starts with an identify call (customer and traits by visitor), so the
 * trait filters, trait groupings and customer retention have customers to count.
 */
function withIdentities(events: DatasetEvent[]): DatasetEvent[] {
  const identified = new Set<string>();
  return events.flatMap((e) => {
    const { visitorId, sessionId, ts, url, path, language } = e.event as DatasetEvent['event'] & {
      visitorId?: string;
      url: string;
      path: string;
      language: string;
    };
    if (visitorId === undefined || identified.has(sessionId)) return [e];
    identified.add(sessionId);
    const identify: DatasetEvent['event'] = {
      id: randomUUID(),
      type: 'identify',
      ts,
      sessionId,
      url,
      path,
      language,
      visitorId,
      customerId: `cus_${visitorId}`,
      // Names and values whose byte order (SQLite's) is not a language's: R < p and T < _ < f < p,
      // where en-US has p < R and _ f p T.
      traits: { plan: PLANS[visitorId] ?? 'free', seats: Number(visitorId.slice(1)) * 5, Region: 'EU' },
    };
    return [{ ...e, event: identify }, e];
  });
}

/** Where two answers part, with some context: a failure shows the difference, not two long strings. */
function firstDifference(a: string, b: string): string {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i += 1;
  const at = Math.max(0, i - 120);
  return `bodies differ at ${i}: SQLite …${a.slice(at, i + 80)}… PostgreSQL …${b.slice(at, i + 80)}…`;
}

/** `events` cut into `n` consecutive batches of uneven sizes (1 to 11 parts each). */
function batchesOf<T>(events: readonly T[], n: number): T[][] {
  const weights = Array.from({ length: n }, (_, i) => 1 + ((i * 37) % 11));
  const total = weights.reduce((a, b) => a + b, 0);
  expect(events.length).toBeGreaterThanOrEqual(total);
  const out: T[][] = [];
  let from = 0;
  let sum = 0;
  for (const w of weights) {
    sum += w;
    const to = Math.round((sum / total) * events.length);
    out.push(events.slice(from, to));
    from = to;
  }
  return out;
}

/** A table's rows, each as canonical JSON (histograms parsed, keys sorted), sorted. */
function rowsOf(t: TestApp, table: string): string[] {
  const db = t.app.db.$client;
  const rows = db.prepare(`SELECT * FROM ${table}`).all() as Record<string, unknown>[];
  return rows
    .map((row) => {
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(row).sort()) {
        if (POSTGRES_ONLY.has(key)) continue;
        out[key] = canonical(t, key, row[key]);
      }
      return JSON.stringify(out);
    })
    .sort();
}

function canonical(t: TestApp, column: string, value: unknown): unknown {
  if (column !== 'hist') return Buffer.isBuffer(value) ? value.toString('hex') : value;
  // SQLite keeps a histogram as a JSONB blob, PostgreSQL as jsonb: compared as the JSON they hold.
  const text = Buffer.isBuffer(value)
    ? (t.app.db.$client.prepare('SELECT json(?)').pluck().get(value) as string)
    : value;
  const parsed = JSON.parse(String(text)) as Record<string, unknown>;
  return Object.fromEntries(Object.entries(parsed).sort(([a], [b]) => a.localeCompare(b)));
}
