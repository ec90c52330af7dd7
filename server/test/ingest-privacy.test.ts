import { readFileSync } from 'node:fs';
import { SCRUB_CASES } from '@loupe/shared/scrub-cases';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, rows, shopSite } from './helpers/collect.js';
import { base, DESKTOP_CHROME_UA, IPHONE_UA, jsError, pageview, response } from './helpers/events.js';
import { everyRow } from './helpers/every-row.js';
import { createTestApp, testDatabaseKind, type TestApp } from './helpers/test-app.js';

/** The SQLite database file's bytes, the write-ahead log folded in. */
function checkpointedFile(t: TestApp): string {
  t.app.db.$client.pragma('wal_checkpoint(TRUNCATE)');
  return readFileSync(t.dbPath).toString('latin1');
}

describe('ingest privacy', () => {
  let t: TestApp;
  let key: string;
  beforeAll(async () => {
    t = await createTestApp();
    key = shopSite(t.app).publicKey;
  });
  afterAll(() => t.close());

  const payloadOf = (id: string) =>
    rows<{ path: string; payload: string }>(t.app, 'SELECT path, payload FROM events WHERE id = ?', id)[0]!;

  it('scrubs emails, cards and secret parameters from URLs, messages, comments and click text', async () => {
    const pv = pageview({
      url: 'https://shop.example/reset?token=abc123&email=jane%40mail.example&step=2',
      path: '/users/jane@mail.example',
      referrer: 'https://mail.example/?session=s3cr3t',
      title: 'Order for jane@mail.example',
    });
    const err = jsError('Payment failed for card 4111 1111 1111 1111', [
      { fn: 'pay', file: 'https://shop.example/app.js?access_token=zzz', line: 1, col: 2 },
    ]);
    const displayId = crypto.randomUUID();
    const answer = response(displayId, 3, { comment: 'Call me: jane@mail.example, card 5555555555554444' });
    const clickEv = {
      ...base(),
      type: 'click',
      kind: 'click',
      selector: '#a',
      tag: 'a',
      text: 'jane@mail.example',
      x: 1,
      y: 1,
    };
    expect((await collect(t.app, { key, events: [pv, err, answer, clickEv] })).json().accepted).toBe(4);

    const p = payloadOf(pv.id);
    expect(p.path).toBe('/users/[email]');
    expect(JSON.parse(p.payload)).toMatchObject({
      url: 'https://shop.example/reset?token=[redacted]&email=[email]&step=2',
      referrer: 'https://mail.example/?session=[redacted]',
      title: 'Order for [email]',
    });
    const e = JSON.parse(payloadOf(err.id).payload);
    expect(e.message).toBe('Payment failed for card [card]');
    expect(e.frames[0].file).toBe('https://shop.example/app.js?access_token=[redacted]');
    expect(JSON.parse(payloadOf(clickEv.id).payload).text).toBe('[email]');
    const [r] = rows<{ comment: string }>(t.app, 'SELECT comment FROM responses WHERE display_id = ?', displayId);
    expect(r!.comment).toBe('Call me: [email], card [card]');
  });

  it('stores exactly what the shared table of scrubbing cases says (the widget is tested against it too)', async () => {
    // Text cases as a track property's value and name; URL cases as the page URL and a frame's file.
    const events = SCRUB_CASES.map((c, i) =>
      c.as === 'text'
        ? {
            ...base(),
            type: 'track',
            name: `case-${i}`,
            props: { value: c.input, ...(c.input.length <= 64 ? { [c.input]: i } : {}) },
          }
        : { ...jsError('m', [{ fn: 'f', file: c.input, line: 1, col: 1 }]), url: c.input },
    );
    expect((await collect(t.app, { key, events })).json()).toMatchObject({
      accepted: SCRUB_CASES.length,
      rejected: [],
    });
    SCRUB_CASES.forEach((c, i) => {
      const p = JSON.parse(payloadOf(events[i]!.id).payload);
      if (c.as === 'text') {
        expect(p.props.value, c.input).toBe(c.expected);
        if (c.input.length <= 64) expect(Object.keys(p.props), c.input).toEqual(['value', c.expected]);
      } else {
        expect(p.url, c.input).toBe(c.expected);
        expect(p.frames[0].file, c.input).toBe(c.expected);
      }
    });
  });

  it('keeps a session and visitor id whose digit groups pass Luhn (a UUID is an id, not a card)', async () => {
    // Their digit groups (53454-4724-4116, 5844262-5565-4684) pass Luhn and start as issuers' numbers do:
    // scrubbed as text, the ids were stored as `08f[card]-…` and `f[card]-…`.
    const sessionId = '08f53454-4724-4116-ac74-69261ee72681';
    const visitorId = 'f5844262-5565-4684-a58d-011914f93c0e';
    const pv = pageview({
      sessionId,
      visitorId,
      path: `/orders/${sessionId}`,
      url: `https://shop.example/orders/${sessionId}`,
    });
    expect((await collect(t.app, { key, events: [pv] })).json().accepted).toBe(1);
    expect(payloadOf(pv.id).path).toBe(`/orders/${sessionId}`);
    const stored = rows<{ session_id: string; visitor_id: string }>(
      t.app,
      'SELECT session_id, visitor_id FROM sessions WHERE session_id = ?',
      sessionId,
    );
    expect(stored).toEqual([{ session_id: sessionId, visitor_id: visitorId }]);
  });

  it('derives device class and browser family from the User-Agent and never stores the IP or the UA', async () => {
    const phone = pageview();
    const desk = pageview();
    const bare = pageview();
    const ip = '203.0.113.77';
    await collect(t.app, { key, events: [phone] }, { 'user-agent': IPHONE_UA }, { remoteAddress: ip });
    await collect(t.app, { key, events: [desk] }, { 'user-agent': DESKTOP_CHROME_UA }, { remoteAddress: ip });
    await collect(t.app, { key, events: [bare] }, { 'user-agent': 'curl/8.5.0' }, { remoteAddress: ip });
    const classes = (id: string) => rows(t.app, 'SELECT device, browser FROM events WHERE id = ?', id)[0];
    expect(classes(phone.id)).toEqual({ device: 'mobile', browser: 'safari' });
    expect(classes(desk.id)).toEqual({ device: 'desktop', browser: 'chrome' });
    expect(classes(bare.id)).toEqual({ device: 'desktop', browser: 'other' });

    // SQLite: the database file itself. PostgreSQL's files are its server's: every row stored.
    const stored =
      testDatabaseKind() === 'postgres'
        ? everyRow(t)
            .map((r) => r.row)
            .join('\n')
        : checkpointedFile(t);
    expect(stored).toContain(phone.id); // the check below can find strings in what it reads
    expect(stored).not.toContain(ip);
    expect(stored).not.toContain('iPhone OS 17_0');
  });
});
