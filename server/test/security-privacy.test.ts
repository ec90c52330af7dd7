import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { SiteWithSecret } from '@loupe/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createSite } from '../src/features/sites/sites-store.js';
import { collect } from './helpers/collect.js';

// A corpus of personal data and secrets sent through every text field of every
// event type, by a client whose IP is known. Figure: 0 unredacted matches in the database file
// (WAL checkpointed), the read API, the exports or the logs; the client's IP is stored nowhere.

/** Each entry: how it is written, and the substrings that must never be stored. */
const CORPUS: { text: string; needles: string[] }[] = [
  { text: 'mail jane.doe+shop@mail.example now', needles: ['jane.doe+shop@', 'jane.doe+shop%40'] },
  { text: 'JANE.ROE@MAIL.EXAMPLE', needles: ['JANE.ROE@'] },
  { text: 'q=jane.poe%40mail.example', needles: ['jane.poe%40mail'] },
  { text: 'card 4111 1111 1111 1111 ok', needles: ['4111 1111 1111 1111'] },
  { text: 'card 5555-5555-5555-4444', needles: ['5555-5555-5555-4444'] },
  { text: 'amex 378282246310005', needles: ['378282246310005'] },
  { text: 'https://shop.example/reset?token=TOKSECRET1&step=2', needles: ['TOKSECRET1'] },
  { text: 'https://shop.example/cb#access_token=TOKSECRET2', needles: ['TOKSECRET2'] },
  { text: 'https://shop.example/api?api_key=TOKSECRET3', needles: ['TOKSECRET3'] },
  { text: 'https://shop.example/login?password=TOKSECRET4', needles: ['TOKSECRET4'] },
  { text: 'https://user:TOKSECRET5@shop.example/', needles: ['TOKSECRET5'] },
  {
    text: 'jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJUT0tTRUNSRVQ2In0.c2lnVE9LU0VDUkVUNg',
    needles: ['eyJzdWIiOiJUT0tTRUNSRVQ2In0'],
  },
  { text: 'from 198.51.100.23 via proxy', needles: ['198.51.100.23'] },
  { text: 'v6 2001:db8:85a3::8a2e:370:7334 here', needles: ['2001:db8:85a3::8a2e:370:7334'] },
  { text: '4111 1111 1111 1111 123', needles: ['4111 1111 1111 1111'] },
  { text: 'card 5555-5555-5555-4444 12/27', needles: ['5555-5555-5555-4444'] },
  { text: '4111-1111-1111-1111 203.0.113.9', needles: ['4111-1111-1111-1111', '203.0.113.9'] },
  { text: 'https://shop.example/cart;jsessionid=TOKSECRET7?x=1', needles: ['TOKSECRET7'] },
  { text: 'https://shop.example/?PHPSESSID=TOKSECRET8', needles: ['TOKSECRET8'] },
  { text: 'jo@ex.io', needles: ['jo@ex.io'] },
];
const CLIENT_IP = '203.0.113.77';
const FORWARDED_IP = '192.0.2.44';
const ALL_NEEDLES = [...CORPUS.flatMap((c) => c.needles), CLIENT_IP, FORWARDED_IP];

let app: App;
let dir: string;
let dbPath: string;
let site: SiteWithSecret;
let logs = '';
const figure = { fields: 0, events: 0, dbMatches: -1, apiMatches: -1, logMatches: -1 };

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'loupe-privacy-'));
  dbPath = path.join(dir, 'loupe.db');
  const config = loadConfig({
    LOUPE_DB: dbPath,
    LOUPE_ADMIN_TOKEN: 'test-admin-token-0123456789',
    LOUPE_RATE_LIMIT_MAX: '100000',
  });
  // The app's real logger, at its most talkative, into a buffer (extra pino options are passed through).
  const stream = new Writable({
    write: (chunk: Buffer, _e, cb) => {
      logs += chunk.toString();
      cb();
    },
  });
  const logger = { level: 'trace', stream };
  app = await buildApp({ config, logger });
  await app.ready();
  site = createSite(app.db, { name: 'Privacy', origins: ['https://shop.example'] });
});
afterAll(async () => {
  console.log(
    `FIGURE privacy: corpus=${CORPUS.length}, text-fields=${figure.fields}, events=${figure.events}, ` +
      `unredacted-in-db=${figure.dbMatches}, unredacted-in-api=${figure.apiMatches}, unredacted-in-logs=${figure.logMatches}`,
  );
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

const base = () => ({
  id: randomUUID(),
  ts: Date.now(),
  sessionId: 'sess-priv',
  url: 'https://shop.example/p',
  path: '/p',
});

/** Every event type with the text `s` in one free-text field at a time (short fields when it fits). */
function eventsCarrying(s: string): Record<string, unknown>[] {
  const fits = (max: number, ...events: Record<string, unknown>[]) => (s.length <= max ? events : []);
  const asPath = `/x/${encodeURI(s)}`;
  const url = s.startsWith('http') ? s : `https://shop.example/?q=${encodeURIComponent(s)}#${encodeURIComponent(s)}`;
  const click = { type: 'click', kind: 'click', selector: '#a', tag: 'a', x: 1, y: 1 };
  const error = { type: 'error', source: 'error', errorType: 'TypeError', message: 'm' };
  const response = () => ({ type: 'response', promptId: 'prompt-1', displayId: randomUUID(), kind: 'nps', score: 4 });
  return [
    { ...base(), type: 'pageview', url },
    { ...base(), type: 'pageview', path: asPath },
    { ...base(), type: 'pageview', referrer: url },
    { ...base(), type: 'pageview', title: s },
    { ...base(), ...click, selector: `#a[title="${s}"]` },
    { ...base(), ...click, text: s },
    { ...base(), ...error, message: s },
    { ...base(), ...error, frames: [{ fn: s, file: url, line: 1, col: 1 }] },
    { ...base(), ...error, source: 'resource', resource: { tag: 'img', url } },
    { ...base(), type: 'track', name: s },
    { ...base(), type: 'track', name: 'signup', props: { plan: s } },
    { ...base(), ...response(), comment: s },
    { ...base(), ...error, errorType: s },
    { ...base(), type: 'track', name: 'signup', props: { [s.slice(0, 64)]: 1 } },
    { ...base(), type: 'vital', name: 'LCP', value: 1, rating: 'good', navigationType: s.slice(0, 32) },
    { ...base(), ...click, tag: s.slice(0, 32) },
    { ...base(), ...error, source: 'resource', resource: { tag: s.slice(0, 32), url: 'https://shop.example/a.png' } },
    ...fits(
      64,
      { ...base(), type: 'pageview', sessionId: s },
      { ...base(), type: 'pageview', visitorId: s },
      { ...base(), ...response(), promptId: s },
    ),
    ...fits(35, { ...base(), type: 'pageview', language: s }),
  ];
}

function matches(haystack: string): string[] {
  return ALL_NEEDLES.filter((n) => haystack.includes(n) || haystack.includes(n.toLowerCase()));
}

describe('privacy corpus through every text field', () => {
  it('stores no email, card number, token or IP address, and never the client IP', { timeout: 60_000 }, async () => {
    for (const { text } of CORPUS) {
      const events = eventsCarrying(text);
      figure.fields = events.length;
      figure.events += events.length;
      const res = await collect(
        app,
        { key: site.publicKey, events },
        { 'x-forwarded-for': FORWARDED_IP, 'user-agent': `Mozilla/5.0 ${text}` },
        { remoteAddress: CLIENT_IP },
      );
      expect(res.statusCode, res.body).toBe(202);
      expect(res.json<{ rejected: unknown[] }>().rejected, text).toEqual([]);
    }
    // Every table, the WAL folded in: the bytes on disk are what a stolen backup would reveal.
    app.db.$client.pragma('wal_checkpoint(TRUNCATE)');
    const file = readFileSync(dbPath).toString('latin1');
    expect(file).toContain('[email]'); // the scan can find text in this file
    const inDb = matches(file);
    figure.dbMatches = inDb.length;

    const auth = { authorization: `Bearer ${site.secretKey}` };
    let api = '';
    for (const url of [
      '/v1/responses',
      '/v1/responses.csv',
      '/v1/responses.ndjson',
      '/v1/errors',
      '/v1/clicks',
      '/v1/metrics/pages',
    ]) {
      const r = await app.inject({ method: 'GET', url, headers: auth });
      expect(r.statusCode, `${url}: ${r.body.slice(0, 200)}`).toBe(200);
      api += r.body;
    }
    const inApi = matches(api);
    figure.apiMatches = inApi.length;
    const inLogs = matches(logs);
    figure.logMatches = inLogs.length;
    expect(logs.length).toBeGreaterThan(0);
    expect({ inDb, inApi, inLogs }).toEqual({ inDb: [], inApi: [], inLogs: [] });
  });
});
