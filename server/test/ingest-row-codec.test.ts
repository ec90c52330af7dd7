import type { LoupeEventInput } from '@loupe/shared';
import { EVENT_TYPES } from '@loupe/shared/constants';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeRowGroups, encodeRowGroups } from '../src/features/ingest/writer/ingest-row-codec.js';
import { type IngestRow, WRITER_FIELDS, type WriterEventOf } from '../src/features/ingest/ingest-row.js';
import { createIngestStore } from '../src/features/ingest/writer/ingest-store.js';
import { prepareEvents } from '../src/features/ingest/http/prepare-events.js';
import { rows, shopSite } from './helpers/collect.js';
import { base, click, engagement, jsError, pageview, response, vital } from './helpers/events.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

// The writer thread gets its rows flat (ingest-row-codec.ts). Whatever the event type and whichever
// optional field is missing, what it decodes must store exactly what the original rows store.

const display = crypto.randomUUID();
function everyKind(sessionId: string): LoupeEventInput[] {
  const over = { sessionId, visitorId: `v-${sessionId}` };
  return [
    pageview(over),
    pageview({ sessionId }), // no visitor id (DNT/GPC)
    engagement(12_000, 64.5, over),
    click('click', over),
    click('rage', over), // with a count
    jsError('Cannot read x', [{ fn: 'render', file: 'https://shop.example/app.js', line: 3, col: 7 }], over),
    jsError('No frames', undefined, over),
    {
      ...base(over),
      type: 'error',
      source: 'resource',
      errorType: 'img',
      message: 'failed',
      resource: { tag: 'img', url: 'https://cdn.example/a.png' },
    },
    vital('CLS', 0.05, over),
    { ...base(over), type: 'track', name: 'signup', props: { plan: 'pro' } },
    { ...base(over), type: 'task', name: 'checkout', action: 'start' },
    { ...base(over), type: 'prompt_shown', promptId: 'prompt-1', displayId: display },
    { ...base(over), type: 'prompt_dismissed', promptId: 'prompt-1', displayId: crypto.randomUUID() },
    response(display, 9, { ...over, comment: 'Fast checkout' }),
    response(crypto.randomUUID(), 3, { ...over, kind: 'csat' }), // no comment
    { ...base(over), type: 'identify', customerId: 'cus_1', traits: { plan: 'pro', seats: 3, trial: false } },
  ];
}

describe('the writer thread row codec', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const prepare = (siteId: string, events: LoupeEventInput[], sentAt?: number) =>
    prepareEvents(events, sentAt, { siteId, receivedAt: Date.now(), client: { device: 'mobile', browser: 'safari' } })
      .rows;

  it('round-trips every column and every field the writer reads, for every event type', () => {
    const now = Date.now();
    // The second group's clock is 10 minutes fast: its stored ts differs from the event's own.
    const groups = [prepare('site-a', everyKind('s1')), prepare('site-b', everyKind('s2'), now + 600_000), []];
    expect(groups[0]).toHaveLength(16);
    const decoded = decodeRowGroups(structuredClone(encodeRowGroups(groups)));
    expect(decoded.map((g) => g.length)).toEqual([16, 16, 0]);
    decoded.flat().forEach((d, i) => {
      const o = groups.flat()[i]!;
      const { event: de, ...dColumns } = d;
      const { event: oe, ...oColumns } = o;
      expect(dColumns).toStrictEqual(oColumns);
      // Only the writer's fields cross, each with its original value (absent stays absent).
      const fields = Object.keys(de);
      expect(fields).toEqual(expect.arrayContaining(['type', 'sessionId', 'visitorId', 'path']));
      for (const k of fields)
        expect((de as Record<string, unknown>)[k]).toStrictEqual((oe as Record<string, unknown>)[k]);
    });
    const fieldsOf = (type: string) => Object.keys(decoded[0]!.find((r) => r.event.type === type)!.event).sort();
    expect(fieldsOf('click')).toEqual(['count', 'kind', 'path', 'selector', 'sessionId', 'type', 'visitorId']);
    expect(fieldsOf('error')).toEqual([
      'errorType',
      'frames',
      'message',
      'path',
      'sessionId',
      'source',
      'type',
      'visitorId',
    ]);
    expect(fieldsOf('response')).toEqual([
      'comment',
      'displayId',
      'kind',
      'path',
      'promptId',
      'score',
      'sessionId',
      'type',
      'visitorId',
    ]);
    // Nothing else the client sent (url, title, props, coordinates…) is carried: that lives in the payload.
    expect(decoded[0]!.some((r) => 'url' in r.event || 'props' in r.event || 'x' in r.event)).toBe(false);
  });

  it('carries the columns and, per event type, exactly the fields WRITER_FIELDS lists, in that order', () => {
    const original = prepare('site-a', everyKind('s1'));
    const decoded = decodeRowGroups(encodeRowGroups([original]))[0]!;
    expect(new Set(decoded.map((r) => r.event.type))).toEqual(new Set(EVENT_TYPES));
    for (const row of decoded) {
      expect(Object.keys(row)).toEqual([
        'siteId',
        'id',
        'ts',
        'receivedAt',
        'device',
        'browser',
        'language',
        'fingerprint',
        'payload',
        'link',
        'event',
      ]);
      expect(Object.keys(row.event)).toEqual(['type', ...WRITER_FIELDS[row.event.type]]);
    }
    // The wire order: a row's type, its columns, then its event's fields in the table's order.
    const response = original.find((r) => r.event.type === 'response')!;
    const flat = encodeRowGroups([[response]]);
    const { event, ...columns } = response;
    const fields = event as Record<string, unknown>;
    expect(flat).toEqual([
      1,
      1,
      'response',
      ...Object.values(columns),
      ...WRITER_FIELDS.response.map((f) => fields[f]),
    ]);
  });

  it('refuses an event type it has no fields for, both ways', () => {
    const [row] = prepare('site-a', [pageview({ sessionId: 's1' })]);
    const bogus = { ...row!, event: { ...row!.event, type: 'telemetry' } } as unknown as IngestRow;
    expect(() => encodeRowGroups([[bogus]])).toThrow(/unknown event type telemetry/);
    const flat = encodeRowGroups([[row!]]);
    flat[2] = 'telemetry';
    expect(() => decodeRowGroups(flat)).toThrow(/unknown event type telemetry/);
  });

  it('lets the writer read only the fields the codec carries (checked by tsc)', () => {
    const rows = prepare('site-a', [{ ...click('click', { sessionId: 's1' }), text: 'Buy now' } as LoupeEventInput]);
    const event = decodeRowGroups(encodeRowGroups([rows]))[0]![0]!.event as WriterEventOf<'click'>;
    expect(event.selector).toBe('#checkout');
    // @ts-expect-error: a click's text stays in the payload; reading it on the writer's side must not compile
    expect(event.text).toBeUndefined();
    expect(JSON.parse(rows[0]!.payload)).toMatchObject({ text: 'Buy now' });
  });

  // Funnel step keys are numbered across sites in the order first seen, so the second site's ids
  // differ from the first's: those tables are compared by the keys' names.
  const BY_NAME: Record<string, string> = {
    funnel_keys: 'SELECT site_id, kind, name FROM funnel_keys WHERE site_id = ?',
    session_reaches:
      'SELECT r.site_id, r.session_id, k.kind, k.name, r.first_ts FROM session_reaches AS r ' +
      'JOIN funnel_keys AS k ON k.id = r.key_id WHERE r.site_id = ?',
    session_steps:
      'SELECT s.site_id, s.session_id, s.first_ts, s.device, s.browser, s.language, ' +
      "json_group_array(coalesce(k.kind || ':' || k.name, j.value)) AS steps " +
      'FROM session_steps AS s, json_each(s.steps) AS j LEFT JOIN funnel_keys AS k ON j.key % 2 = 0 AND k.id = j.value ' +
      'WHERE s.site_id = ? GROUP BY s.site_id, s.session_id',
    ...Object.fromEntries(
      ['page_conversion_counts', 'page_conversion_counts_daily', 'page_conversion_counts_monthly'].map((table) => [
        table,
        // goal_key 0 stands for every session, not a key.
        `SELECT c.site_id, c.hour, p.name AS page, coalesce(g.kind || ':' || g.name, c.goal_key) AS goal, ` +
          `c.device, c.browser, c.language, c.sessions, c.converted FROM ${table} AS c ` +
          'JOIN funnel_keys AS p ON p.id = c.page_key LEFT JOIN funnel_keys AS g ON g.id = c.goal_key WHERE c.site_id = ?',
      ]),
    ),
  };
  it('stores from decoded rows exactly what the original rows store (events and every derived table)', () => {
    const a = shopSite(t.app).siteId;
    const b = shopSite(t.app).siteId;
    const events = [...everyKind('s1'), ...everyKind('s2')];
    const original = prepare(a, events);
    // The same events under the other site, through the codec.
    const viaCodec = decodeRowGroups(encodeRowGroups([original.map((r): IngestRow => ({ ...r, siteId: b }))]));
    const store = createIngestStore(t.app.db);
    store.commit([original.slice(0, 10), original.slice(10)]);
    store.commit([viaCodec[0]!.slice(0, 10), viaCodec[0]!.slice(10)]);
    const tables = rows<{ name: string }>(
      t.app,
      "SELECT m.name FROM sqlite_master m WHERE m.type = 'table' AND EXISTS (SELECT 1 FROM pragma_table_info(m.name) WHERE name = 'site_id') AND m.name <> 'sites'",
    ).map((r) => r.name);
    expect(tables).toEqual(expect.arrayContaining(['events', 'sessions', 'responses', 'page_rollups', 'error_groups']));
    let compared = 0;
    for (const table of tables) {
      const of = (site: string) =>
        rows(t.app, BY_NAME[table] ?? `SELECT * FROM "${table}" WHERE site_id = ?`, site)
          .map((r) => JSON.stringify({ ...r, site_id: 'x' }))
          .sort();
      expect(of(b), table).toEqual(of(a));
      compared += of(a).length;
    }
    expect(compared).toBeGreaterThan(100);
  });
});
