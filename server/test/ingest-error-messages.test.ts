import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plainErrorMessage } from '../src/features/ingest/http/plain-error-message.js';
import { collect, rows, shopSite } from './helpers/collect.js';
import { jsError } from './helpers/events.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

describe('plainErrorMessage', () => {
  it.each([
    ['Uncaught TypeError: x is not a function', 'TypeError', 'x is not a function'],
    ['Uncaught (in promise) Error: boom', 'Error', 'boom'],
    ['TypeError: x is not a function', 'TypeError', 'x is not a function'],
    ['x is not a function', 'TypeError', 'x is not a function'],
    // Another type's name is part of the message, not a prefix to drop.
    ['Uncaught RangeError: bad length', 'TypeError', 'Uncaught RangeError: bad length'],
    // Nothing left after the prefixes: the original is kept rather than an empty message.
    ['Uncaught TypeError: ', 'TypeError', 'Uncaught TypeError: '],
    ['Uncaught 42', '', 'Uncaught 42'],
    // Firefox reporting an error whose own message starts with "Uncaught": kept whole.
    ['Uncaught exception in worker', 'Error', 'Uncaught exception in worker'],
  ])('%j (%s) → %j', (message, type, plain) => {
    expect(plainErrorMessage(message, type)).toBe(plain);
  });
});

describe('error messages at ingestion', () => {
  let t: TestApp;
  let key: string;
  let siteId: string;
  beforeAll(async () => {
    t = await createTestApp();
    ({ publicKey: key, siteId } = shopSite(t.app));
  });
  afterAll(() => t.close());

  it('stores and groups the same stackless error alike from Chrome, Firefox and a rejection', async () => {
    const events = [
      jsError('Uncaught TypeError: cart.total is not a function', undefined),
      jsError('TypeError: cart.total is not a function', undefined),
      { ...jsError('cart.total is not a function', undefined), source: 'unhandledrejection' },
    ];
    expect((await collect(t.app, { key, events })).json()).toMatchObject({ accepted: 3 });
    const stored = rows<{ fingerprint: string; message: string }>(
      t.app,
      "SELECT fingerprint, json_extract(payload, '$.message') AS message FROM events WHERE site_id = ? AND type = 'error'",
      siteId,
    );
    expect(stored).toHaveLength(3);
    expect(new Set(stored.map((r) => r.message))).toEqual(new Set(['cart.total is not a function']));
    expect(new Set(stored.map((r) => r.fingerprint)).size).toBe(1);
  });
});
