import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { eventSchema, type ErrorEvent } from '@loupe/shared';
import { describe, expect, it } from 'vitest';
import { errorFingerprint, normaliseMessage } from '../src/features/ingest/derive/error-fingerprint.js';
import {
  percentileFromBuckets,
  vitalBucket,
  vitalBucketValue,
  VITAL_RELATIVE_ACCURACY,
} from '../src/lib/vital-histogram.js';
import { classifyUserAgent } from '../src/privacy/user-agent.js';
import { DESKTOP_CHROME_UA, IPHONE_UA, jsError } from './helpers/events.js';

const asError = (e: object) => eventSchema.parse(e) as ErrorEvent;

describe('errorFingerprint', () => {
  const own = (line: number, query = '') => [
    { fn: 'render', file: `https://shop.example/assets/app.3f2a1b9c.js${query}`, line, col: 7 },
    { fn: 'main', file: 'https://shop.example/assets/app.3f2a1b9c.js', line: 1, col: 1 },
  ];

  it('groups by type and top own frame, ignoring line, column, query and content hash', () => {
    const a = errorFingerprint(asError(jsError('x is undefined', own(10))));
    const b = errorFingerprint(asError(jsError('x is undefined (2)', own(99, '?v=2'))));
    const redeployed = own(10).map((f) => ({ ...f, file: f.file.replace('3f2a1b9c', '9e8d7c6b') }));
    expect(b).toBe(a);
    expect(errorFingerprint(asError(jsError('x', redeployed)))).toBe(a);
    expect(errorFingerprint(asError({ ...jsError('x', own(10)), errorType: 'RangeError' }))).not.toBe(a);
    expect(errorFingerprint(asError(jsError('x', [{ fn: 'other', file: own(1)[0]!.file }])))).not.toBe(a);
  });

  it('keeps the fingerprints stored before: the first 22 base64url characters of the basis’s SHA-256', () => {
    // Error groups and rollups are keyed by the stored value; a new spelling of it would split them.
    // Function names in any script (UTF-8 bytes hashed).
    for (const fn of ['render', 'Ünïcødé', '读取价格', '😀fn'])
      expect(errorFingerprint(asError(jsError('x', [{ fn, file: own(1)[0]!.file }])))).toBe(
        createHash('sha256').update(`TypeError|${fn}|/assets/app.js`).digest('base64url').slice(0, 22),
      );
  });

  it('skips third-party frames to find the site’s own code', () => {
    const cdn = { fn: 'track', file: 'https://cdn.vendor.example/lib.js', line: 5 };
    const withCdn = [cdn, ...own(10)];
    expect(errorFingerprint(asError(jsError('x', withCdn)))).toBe(errorFingerprint(asError(jsError('x', own(3)))));
  });

  it('falls back to the normalised message without a stack', () => {
    expect(normaliseMessage('Item 42 of order 7f3e9a2b1c not found (id 6f1c1f9e-8a39-4c55-9f55-0b8e3c2a4d10)')).toBe(
      'Item <n> of order <hex> not found (id <id>)',
    );
    const a = errorFingerprint(asError(jsError('Item 42 not found', undefined)));
    expect(errorFingerprint(asError(jsError('Item 43 not found', undefined)))).toBe(a);
    expect(errorFingerprint(asError(jsError('Cart 42 not found', undefined)))).not.toBe(a);
  });
});

describe('errorFingerprint without a stack', () => {
  // What the widget sends for a thrown string or object: one frame saying where, not in what function.
  const at = (line: number) => [{ file: 'https://shop.example/assets/app.3f2a1b9c.js', line, col: 3 }];

  it('tells different messages from one file apart, and groups the same message with other numbers', () => {
    const a = errorFingerprint(asError(jsError('Cart 42 is empty', at(10))));
    expect(errorFingerprint(asError(jsError('Cart 43 is empty', at(99))))).toBe(a);
    expect(errorFingerprint(asError(jsError('Payment declined', at(10))))).not.toBe(a);
    expect(errorFingerprint(asError(jsError('{"error":"x","somekey":1}', at(10))))).not.toBe(a);
  });

  it('does the same for a top frame without a function name (anonymous code)', () => {
    const anonymous = (message: string) =>
      jsError(message, [...at(10), { fn: 'main', file: '/assets/main.js', line: 1, col: 1 }]);
    expect(errorFingerprint(asError(anonymous('Cart 1 is empty')))).toBe(
      errorFingerprint(asError(anonymous('Cart 2 is empty'))),
    );
    expect(errorFingerprint(asError(anonymous('Cart 1 is empty')))).not.toBe(
      errorFingerprint(asError(anonymous('Payment declined'))),
    );
  });
});

describe('errorFingerprint’s memos (the page URL’s origin, the group’s hash)', () => {
  // Two pages' origins decide whether the same frame is the site's own; messages and functions
  // make a few groups. A memo that answered for the wrong URL or basis gives an event a
  // fingerprint that depends on the events before it.
  const urls = ['https://shop.example/cart', 'https://blog.example/post', 'not a url'];
  const files = ['https://shop.example/assets/app.js', 'https://blog.example/main.js', '/inline.js'];
  const arbError = fc
    .record({
      url: fc.constantFrom(...urls),
      file: fc.constantFrom(...files),
      fn: fc.constantFrom('render', ''),
      message: fc.constantFrom('x is undefined', 'Item 42 not found'),
      stack: fc.boolean(),
    })
    .map(({ url, file, fn, message, stack }) =>
      asError(jsError(message, stack ? [fn ? { fn, file, line: 1 } : { file, line: 1 }] : undefined, { url })),
    );

  it('gives each event the fingerprint it has alone, whatever came before it', () => {
    fc.assert(
      fc.property(fc.array(arbError, { minLength: 2, maxLength: 30 }), (events) => {
        const forwards = events.map(errorFingerprint);
        // Evicts every remembered hash (1,000 kept), then asks again in the other order.
        for (let i = 0; i < 1001; i++) errorFingerprint(asError(jsError(`filler ${i} here`, undefined)));
        const backwards = [...events].reverse().map(errorFingerprint).reverse();
        expect(backwards).toEqual(forwards);
      }),
      { numRuns: 40 },
    );
  });

  it('tells apart pages of two origins asked one after the other', () => {
    const frame = [{ fn: 'render', file: 'https://shop.example/assets/app.js', line: 1 }];
    const shop = asError(jsError('x', frame, { url: 'https://shop.example/cart' }));
    const blog = asError(jsError('x', frame, { url: 'https://blog.example/post' }));
    const [a, b, c] = [errorFingerprint(shop), errorFingerprint(blog), errorFingerprint(shop)];
    expect(a).not.toBe(b);
    expect(c).toBe(a);
  });
});

describe('vital histogram', () => {
  it('reads back p75 within the stated relative accuracy', () => {
    const values = Array.from({ length: 1000 }, (_, i) => 200 + i * 7.3);
    const counts = new Map<number, number>();
    for (const v of values) counts.set(vitalBucket(v), (counts.get(vitalBucket(v)) ?? 0) + 1);
    const exact = [...values].sort((a, b) => a - b)[Math.ceil(0.75 * values.length) - 1]!;
    const p75 = percentileFromBuckets(
      [...counts].map(([bucket, samples]) => ({ bucket, samples })),
      0.75,
    )!;
    expect(Math.abs(p75 - exact) / exact).toBeLessThanOrEqual(VITAL_RELATIVE_ACCURACY);
  });

  it('keeps zero (CLS) apart and answers undefined without samples', () => {
    expect(vitalBucketValue(vitalBucket(0))).toBe(0);
    expect(vitalBucket(0.05)).not.toBe(vitalBucket(0));
    expect(percentileFromBuckets([], 0.75)).toBeUndefined();
  });
});

describe('classifyUserAgent', () => {
  it('maps to the three device classes and a browser family', () => {
    expect(classifyUserAgent(IPHONE_UA)).toEqual({ device: 'mobile', browser: 'safari' });
    expect(classifyUserAgent(DESKTOP_CHROME_UA)).toEqual({ device: 'desktop', browser: 'chrome' });
    const ipad =
      'Mozilla/5.0 (iPad; CPU OS 16_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.0 Mobile/15E148 Safari/604.1';
    expect(classifyUserAgent(ipad).device).toBe('tablet');
    expect(classifyUserAgent(undefined)).toEqual({ device: 'desktop', browser: 'other' });
    expect(classifyUserAgent('Googlebot/2.1 (+http://www.google.com/bot.html)').device).toBe('desktop');
  });
});
