import fc from 'fast-check';
import {
  CLICK_KINDS,
  DEVICE_CLASSES,
  ERROR_SOURCES,
  eventSchema,
  MAX_STACK_FRAMES,
  NAVIGATION_KINDS,
  PROMPT_KINDS,
  TASK_ACTIONS,
  VITAL_NAMES,
  VITAL_RATINGS,
} from '@loupe/shared';
import { SCRUB_CASES } from '@loupe/shared/scrub-cases';
import { describe, expect, it } from 'vitest';
import {
  FAST_EVENT_TYPES,
  fastParseEvent,
  fastParseScrubbedEvent,
} from '../src/features/ingest/http/fast-parse-event.js';
import { scrubIngestEvent } from '../src/privacy/scrub-ingest-event.js';

// The fast path is sound when, for every input, it either says "not sure" (undefined) or returns
// exactly what zod's parse returns: the same values (-0 is not 0), the same keys (an undefined key
// is a key) in the same order (the payload's JSON text). Proved over valid events of every type and
// over the same events mutated into hostile and invalid ones; when zod refuses, the fast path must
// not have answered. Asked to scrub as well, it must be sure of exactly the same events and return
// what scrubbing zod's parse returns (the server's walk, equal to the shared one), though it
// only scrubs the fields that can hold text: the generated text is often personal data.

function keyOrder(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(keyOrder);
  if (typeof v !== 'object' || v === null) return v;
  return Object.entries(v).map(([k, x]) => [k, keyOrder(x)]);
}

function expectSame(mine: unknown, theirs: unknown): void {
  expect(mine).toStrictEqual(theirs);
  expect(keyOrder(mine)).toStrictEqual(keyOrder(theirs));
  expect(JSON.stringify(mine)).toBe(JSON.stringify(theirs));
}

function expectSound(input: unknown): boolean {
  const fast = fastParseEvent(input);
  const scrubbed = fastParseScrubbedEvent(input);
  expect(scrubbed === undefined).toBe(fast === undefined);
  if (fast === undefined) return false;
  const parsed = eventSchema.safeParse(input);
  expect(parsed.success).toBe(true);
  if (!parsed.success) return false;
  expectSame(fast, parsed.data);
  // The server's walk, proved equal to the shared scrubEvent in scrub-ingest-event.test.ts.
  expectSame(scrubbed, scrubIngestEvent(parsed.data));
  return true;
}

const LONE_SURROGATES = ['\ud800', 'a\udfffb', '\udc00\ud800'];
/** What the scrubber redacts, short enough for the shortest text field (a tag, 32). */
const PERSONAL = [
  'a@b.io',
  'x%40y.example',
  '4111111111111111',
  '10.0.0.1',
  'fe80::1',
  '/p;jsessionid=9',
  '?token=abc',
  'eyJhbGci.eyJzdWIi.c2ln',
];
const personal = (max: number) =>
  fc.oneof(
    fc.constantFrom(...PERSONAL),
    fc.constantFrom(...SCRUB_CASES.map((c) => c.input).filter((t) => t.length <= max)),
    fc
      .tuple(fc.string({ maxLength: 8 }), fc.constantFrom(...PERSONAL), fc.string({ maxLength: 8 }))
      .map((parts) => parts.join(''))
      .filter((t) => t.length <= max),
  );
const text = (max: number) =>
  fc.oneof(
    fc.string({ maxLength: Math.min(max, 40) }),
    fc.string({ unit: 'binary', maxLength: Math.min(max, 20) }),
    fc.constantFrom(...LONE_SURROGATES, ' padded ', ''),
    fc.constant('x'.repeat(max)),
    personal(max),
  );
const id = fc.oneof(fc.uuid(), fc.constant('0b6f3c3e-4a8e-4f7b-9b1e-2f6f0d1c9a77'));
const px = fc.integer({ min: -100_000, max: 100_000 });
const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });

const base = {
  id,
  ts: fc.oneof(fc.nat(), fc.constant(Date.now()), fc.constant(Number.MAX_SAFE_INTEGER)),
  sessionId: text(64).filter((s) => s.length > 0),
  visitorId: opt(text(64).filter((s) => s.length > 0)),
  url: text(2048),
  path: text(1023).map((p) => `/${p}`),
  referrer: opt(text(2048)),
  title: opt(text(512)),
  viewport: opt(fc.record({ w: fc.nat(100_000), h: fc.nat(100_000) })),
  language: opt(text(35)),
  device: opt(fc.constantFrom(...DEVICE_CLASSES)),
};
const frame = fc.record({ fn: text(1024), file: text(1024), line: fc.nat(), col: fc.nat() }, { requiredKeys: [] });
const specific = {
  pageview: { type: fc.constant('pageview'), nav: opt(fc.constantFrom(...NAVIGATION_KINDS)), release: opt(text(64)) },
  engagement: {
    type: fc.constant('engagement'),
    engagedMs: fc.oneof(fc.nat(100_000), fc.constant(86_400_000)),
    scrollDepth: fc.oneof(fc.nat(100), fc.double({ min: 0, max: 100, noNaN: true })),
  },
  click: {
    type: fc.constant('click'),
    kind: fc.constantFrom(...CLICK_KINDS),
    selector: text(1024),
    tag: text(32),
    text: opt(text(255)),
    x: px,
    y: px,
    rx: opt(px),
    ry: opt(px),
    count: opt(fc.integer({ min: 1, max: 10_000 })),
  },
  vital: {
    type: fc.constant('vital'),
    name: fc.constantFrom(...VITAL_NAMES),
    value: fc.oneof(fc.nat(10_000), fc.double({ min: 0, max: 3_600_000, noNaN: true })),
    rating: fc.constantFrom(...VITAL_RATINGS),
    navigationType: opt(text(32)),
  },
  error: {
    type: fc.constant('error'),
    source: fc.constantFrom(...ERROR_SOURCES),
    errorType: text(128),
    message: text(1024),
    frames: opt(fc.array(frame, { maxLength: 4 })),
    resource: opt(fc.record({ tag: text(32), url: text(2048) })),
  },
  track: {
    type: fc.constant('track'),
    name: text(128).filter((s) => s.length > 0),
    props: opt(
      fc.dictionary(
        text(64),
        fc.oneof(
          text(512),
          fc.integer(),
          fc.double({ noNaN: true, noDefaultInfinity: true }),
          fc.boolean(),
          fc.constant(null),
        ),
        { maxKeys: 22 },
      ),
    ),
  },
  task: { type: fc.constant('task'), name: text(60), action: fc.constantFrom(...TASK_ACTIONS) },
  prompt_shown: { type: fc.constant('prompt_shown'), promptId: text(64), displayId: id },
  prompt_dismissed: { type: fc.constant('prompt_dismissed'), promptId: text(64), displayId: id },
  response: {
    type: fc.constant('response'),
    promptId: text(64),
    displayId: id,
    kind: fc.constantFrom(...PROMPT_KINDS),
    score: fc.integer({ min: 0, max: 10 }),
    comment: opt(text(100)),
  },
  identify: { type: fc.constant('identify'), customerId: opt(text(64)) },
};

/** An absent optional field is left out, as JSON would (a key with `undefined` is a mutation below). */
const dropUndefined = (o: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
/** Valid (or nearly: a few generated texts break a rule on purpose) events of a type, keys in any order. */
const eventOf = (s: Record<string, fc.Arbitrary<unknown>>) =>
  fc.tuple(fc.record({ ...base, ...s }), fc.boolean()).map(([e, reversed]) => {
    const entries = Object.entries(dropUndefined(e));
    return Object.fromEntries(reversed ? entries.reverse() : entries);
  });
const anyEvent = fc.oneof(...Object.values(specific).map(eventOf));

const HOSTILE_VALUES: unknown[] = [
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  -0,
  1e300,
  2 ** 53,
  -1,
  1.5,
  100.0001,
  3_600_001,
  86_400_001,
  100_001,
  -100_001,
  '',
  'x'.repeat(3000),
  ...LONE_SURROGATES,
  'no-slash',
  '0B6F3C3E-4A8E-4F7B-9B1E-2F6F0D1C9A77',
  '00000000-0000-0000-0000-000000000000',
  'load',
  'pageview',
  'desktop',
  'phone',
  null,
  undefined,
  true,
  [],
  {},
  { w: 1, h: 2, d: 3 },
  { w: -1, h: 2 },
  { tag: 'img', url: 'u', extra: 1 },
  [{ fn: 'f', line: -1 }],
  [{ fn: 'f', extra: 1 }],
  [undefined],
  Array.from({ length: MAX_STACK_FRAMES + 1 }, () => ({})),
  '1',
  Object.create(null),
  // A goal's props: one too many, a name one past its bound, a nested value.
  Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, i])),
  { ['x'.repeat(65)]: 1 },
  { a: { b: 1 } },
];
const ALL_KEYS = [
  ...new Set(Object.values(specific).flatMap((s) => Object.keys(s))),
  ...Object.keys(base),
  'extra',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
];
const hostileValue = fc.oneof(fc.constantFrom(...HOSTILE_VALUES), fc.anything());

type Mutation = (e: Record<string, unknown>) => unknown;
const setKey =
  (key: string, value: unknown) =>
  (e: Record<string, unknown>): Record<string, unknown> => {
    const out = { ...e };
    // defineProperty: `__proto__` becomes an own key, as JSON.parse makes it.
    Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
    return out;
  };
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.tuple(fc.constantFrom(...ALL_KEYS), hostileValue).map(([k, v]) => setKey(k, v)),
  fc.constantFrom(...ALL_KEYS).map(
    (k): Mutation =>
      (e) => {
        const { [k]: _, ...rest } = e;
        return rest;
      },
  ),
  fc.constantFrom(...Object.keys(specific)).map((t) => setKey('type', t)),
  fc.constant<Mutation>((e) => Object.assign(Object.create(null), e)),
  fc.constant<Mutation>((e) => Object.assign(Object.create({ title: 'inherited' }), e)),
  fc.constant<Mutation>((e) => [e]),
  fc.constant<Mutation>((e) => JSON.stringify(e)),
  fc.constant<Mutation>(() => null),
);

/** NaN, infinities, -0, non-integers and each numeric bound of the schema, and one past it. */
const BOUNDS = [0, 1, 32, 35, 64, 100, 10_000, 100_000, 3_600_000, 86_400_000, Number.MAX_SAFE_INTEGER];
const hostileNumber = fc.oneof(
  fc.constantFrom(...HOSTILE_VALUES.filter((v) => typeof v === 'number')),
  fc
    .tuple(fc.constantFrom(...BOUNDS), fc.constantFrom(-1, 1), fc.constantFrom(0, 1e-9, 1e-3, 0.5, 1))
    .map(([b, sign, d]) => b + sign * d),
  fc
    .tuple(fc.constantFrom(...BOUNDS), fc.constantFrom(-1, 1), fc.double({ min: 0, max: 2, noNaN: true }))
    .map(([b, sign, d]) => b + sign * d),
  fc.double(),
);
/** A value like `v` that breaks a rule nearby, or breaks the type; objects and arrays mutated inside. */
function mutateIn(v: unknown): fc.Arbitrary<unknown> {
  if (typeof v === 'number')
    return fc.oneof(
      fc.constantFrom(v + 1, v - 1, v + 0.5, v + 1e-3, v - 1e-3, v + 1e-9, v - 1e-9, -v, String(v)),
      hostileNumber,
      hostileValue,
    );
  if (typeof v === 'string')
    return fc.oneof(
      fc.constantFrom(`${v}x`, `${v}\ud800`, v.slice(1), v.toUpperCase(), ` ${v}`, 'x'.repeat(v.length + 1)),
      // One character replaced: a UUID's version or variant digit, a path's leading slash.
      v.length === 0
        ? hostileValue
        : fc
            .tuple(fc.nat(v.length - 1), fc.constantFrom('0', '8', 'c', 'f', 'A', 'g', '-', '/', '\ud800'))
            .map(([i, c]) => v.slice(0, i) + c + v.slice(i + 1)),
      hostileValue,
    );
  if (Array.isArray(v))
    return fc.oneof(
      fc.constant([...v, ...v]),
      fc.constant([...v, undefined]),
      v.length === 0 ? hostileValue : fc.nat(v.length - 1).chain((i) => mutateIn(v[i]).map((x) => v.with(i, x))),
    );
  if (typeof v === 'object' && v !== null) {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o);
    return fc.oneof(
      fc.tuple(fc.constantFrom(...ALL_KEYS, 'w', 'h', 'fn', 'line'), hostileValue).map(([k, x]) => setKey(k, x)(o)),
      keys.length === 0
        ? hostileValue
        : fc.constantFrom(...keys).chain((k) => mutateIn(o[k]).map((x) => setKey(k, x)(o))),
    );
  }
  return hostileValue;
}

const WIDGET_BASE = {
  id: '0b6f3c3e-4a8e-4f7b-9b1e-2f6f0d1c9a77',
  ts: 1_700_000_000_000,
  sessionId: 's1',
  visitorId: 'v1',
  url: 'https://shop.example/cart',
  path: '/cart',
  title: 'Cart',
  viewport: { w: 1280, h: 720 },
  language: 'en-GB',
  device: 'desktop',
};
const WIDGET_EVENTS = [
  { ...WIDGET_BASE, type: 'pageview', nav: 'push', release: '2024.03.1' },
  { ...WIDGET_BASE, type: 'pageview' },
  { ...WIDGET_BASE, type: 'engagement', engagedMs: 12_000, scrollDepth: 62.5 },
  {
    ...WIDGET_BASE,
    type: 'click',
    kind: 'rage',
    selector: 'main > button',
    tag: 'button',
    text: 'Pay',
    x: 1,
    y: 2,
    count: 3,
  },
  { ...WIDGET_BASE, type: 'vital', name: 'LCP', value: 1234.5, rating: 'good', navigationType: 'navigate' },
  {
    ...WIDGET_BASE,
    type: 'error',
    source: 'error',
    errorType: 'TypeError',
    message: 'x is undefined',
    frames: [{ fn: 'f', file: 'https://shop.example/a.js', line: 1, col: 2 }, {}],
  },
  {
    ...WIDGET_BASE,
    type: 'error',
    source: 'resource',
    errorType: 'IMG',
    message: '',
    resource: { tag: 'img', url: '/a.png' },
  },
  { ...WIDGET_BASE, type: 'track', name: 'add_to_cart', props: { sku: 'SKU-1', price: 19.9, gift: false, note: null } },
  { ...WIDGET_BASE, type: 'track', name: 'signup' },
  { ...WIDGET_BASE, type: 'prompt_shown', promptId: 'nps-main', displayId: WIDGET_BASE.id },
  { ...WIDGET_BASE, type: 'prompt_dismissed', promptId: 'nps-main', displayId: WIDGET_BASE.id },
];

/** Every number near a bound of the schema, and strings of every length near a limit. */
const LIMITS = [1, 32, 35, 64, 128, 255, 512, 1024, 2048];
const NEAR_BOUNDS: unknown[] = [
  ...HOSTILE_VALUES,
  ...BOUNDS.flatMap((b) => [0, 1e-9, 1e-3, 0.5, 1].flatMap((d) => [b - d, b + d])),
  ...LIMITS.flatMap((n) => [n - 1, n, n + 1].flatMap((l) => ['x'.repeat(l), `/${'x'.repeat(Math.max(0, l - 1))}`])),
];
/** The widget's UUID with each character replaced in turn (version, variant, dashes, case). */
const UUID_VARIANTS = [...WIDGET_BASE.id].flatMap((_, i) =>
  ['0', '8', 'c', 'f', 'A', 'g', '-'].map((c) => WIDGET_BASE.id.slice(0, i) + c + WIDGET_BASE.id.slice(i + 1)),
);

describe('the fast event checker', () => {
  it('returns exactly what zod returns for valid events of every type, or is not sure', () => {
    let fast = 0;
    fc.assert(
      fc.property(anyEvent, (e) => {
        if (expectSound(e)) fast++;
      }),
      { numRuns: 2000 },
    );
    // It is not vacuous: a good share of the valid events (8 of the 11 types) take it.
    expect(fast).toBeGreaterThan(600);
  }, 60_000);

  it('is not sure of every event zod refuses, and exact on the mutants zod accepts', () => {
    fc.assert(
      fc.property(anyEvent, fc.array(mutation, { minLength: 1, maxLength: 3 }), (e, ms) => {
        let x: unknown = e;
        for (const m of ms) x = typeof x === 'object' && x !== null && !Array.isArray(x) ? m(x as never) : x;
        expectSound(x);
        if (!eventSchema.safeParse(x).success) expect(fastParseEvent(x)).toBeUndefined();
      }),
      { numRuns: 2000 },
    );
  }, 60_000);

  it('is not sure of, or exact on, events broken near a rule: one past a bound, inside nested objects', () => {
    const nearMiss = anyEvent.chain(mutateIn).chain((x) => fc.oneof(fc.constant(x), mutateIn(x)));
    fc.assert(
      fc.property(nearMiss, (x) => {
        expectSound(x);
        if (!eventSchema.safeParse(x).success) expect(fastParseEvent(x)).toBeUndefined();
      }),
      { numRuns: 5000 },
    );
  }, 60_000);

  it('is not sure of, or exact on, each widget event with any one field set to a value near a rule', () => {
    let checked = 0;
    const setEverywhere = (o: Record<string, unknown>, visit: (x: Record<string, unknown>) => void) => {
      for (const k of [...Object.keys(o), ...ALL_KEYS, 'w', 'h', 'fn', 'line', 'tag', 'url']) {
        const values = k === 'id' ? [...NEAR_BOUNDS, ...UUID_VARIANTS] : NEAR_BOUNDS;
        for (const v of values) visit(setKey(k, v)(o));
      }
    };
    for (const w of WIDGET_EVENTS) {
      setEverywhere(w, (x) => {
        expectSound(x);
        if (!eventSchema.safeParse(x).success) expect(fastParseEvent(x)).toBeUndefined();
        checked++;
      });
      // The same inside the nested objects: the viewport, a frame, a failed resource, a goal's props.
      for (const k of ['viewport', 'resource', 'props'] as const) {
        const inner = (w as Record<string, unknown>)[k] as Record<string, unknown> | undefined;
        if (inner !== undefined) setEverywhere(inner, (x) => expectSound({ ...w, [k]: x }));
      }
      const frames = (w as { frames?: Record<string, unknown>[] }).frames;
      if (frames !== undefined) setEverywhere(frames[0] as never, (x) => expectSound({ ...w, frames: [x] }));
    }
    expect(checked).toBeGreaterThan(10_000);
    // Over 10,000 events, each parsed by zod and both ways by the fast path: minutes on a busy machine.
  }, 180_000);

  it('scrubs every field that can hold text', () => {
    // Which fields of the fast types the scrubber changed, by path (`frames.fn`): every text field
    // of every fast type must be among them, or personal data in it would pass unseen.
    const changed = new Set<string>();
    const diff = (mine: unknown, raw: unknown, at: string) => {
      if (at === 'track.props') {
        // The site's own names and values: a changed name is `props.name`, a changed value `props.value`.
        const o = raw as Record<string, unknown>;
        const mineProps = mine as Record<string, unknown>;
        for (const [k, v] of Object.entries(o)) {
          if (!Object.hasOwn(mineProps, k)) changed.add(`${at}.name`);
          else diff(mineProps[k], v, `${at}.value`);
        }
      } else if (typeof raw === 'string') {
        if (mine !== raw) changed.add(at);
      } else if (Array.isArray(raw)) {
        for (let i = 0; i < raw.length; i++) diff((mine as unknown[])[i], raw[i], at);
      } else if (typeof raw === 'object' && raw !== null)
        for (const [k, v] of Object.entries(raw)) diff((mine as Record<string, unknown>)[k], v, `${at}.${k}`);
    };
    // The fast types only; errors (the most text fields, nested ones too) weigh most.
    const { pageview, engagement, click, vital, error, track, prompt_shown, prompt_dismissed } = specific;
    const fastTypes = fc.oneof(
      ...[pageview, engagement, click, vital, prompt_shown, prompt_dismissed].map(eventOf),
      { arbitrary: eventOf(error), weight: 4 },
      { arbitrary: eventOf(track), weight: 2 },
    );
    fc.assert(
      fc.property(fastTypes, (e) => {
        if (expectSound(e)) diff(fastParseScrubbedEvent(e), e, (e as { type: string }).type);
      }),
      { numRuns: 4000 },
    );
    const text = ['sessionId', 'visitorId', 'url', 'path', 'referrer', 'title', 'language'];
    const types = ['pageview', 'engagement', 'click', 'vital', 'error', 'track', 'prompt_shown', 'prompt_dismissed'];
    const expected = [
      ...types.flatMap((t) => text.map((k) => `${t}.${k}`)),
      ...['prompt_shown', 'prompt_dismissed'].map((t) => `${t}.promptId`),
      ...['name', 'props.name', 'props.value'].map((k) => `track.${k}`),
      'pageview.release',
      ...['selector', 'tag', 'text'].map((k) => `click.${k}`),
      'vital.navigationType',
      ...['errorType', 'message', 'frames.fn', 'frames.file', 'resource.tag', 'resource.url'].map((k) => `error.${k}`),
    ];
    expect([...changed].sort()).toEqual(expected.sort());
  }, 60_000);

  it("takes the widget's common events and nothing else", () => {
    for (const w of WIDGET_EVENTS) expect(expectSound(w), JSON.stringify(w)).toBe(true);
    expect(FAST_EVENT_TYPES.sort()).toEqual([
      'click',
      'engagement',
      'error',
      'pageview',
      'prompt_dismissed',
      'prompt_shown',
      'track',
      'vital',
    ]);
    // Rare types, a device or release zod would drop, and a key present as undefined go to zod.
    expect(fastParseEvent({ ...WIDGET_BASE, type: 'task', name: 'checkout', action: 'start' })).toBeUndefined();
    expect(fastParseEvent({ ...WIDGET_BASE, type: 'pageview', device: 'phone' })).toBeUndefined();
    expect(fastParseEvent({ ...WIDGET_BASE, type: 'pageview', release: 'r'.repeat(65) })).toBeUndefined();
    expect(fastParseEvent({ ...WIDGET_BASE, type: 'pageview', title: undefined })).toBeUndefined();
  });
});
