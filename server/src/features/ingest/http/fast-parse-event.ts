import {
  CLICK_KINDS,
  DEVICE_CLASSES,
  ERROR_SOURCES,
  type LoupeEvent,
  MAX_CLICK_TEXT_LENGTH,
  MAX_ENGAGEMENT_MS,
  MAX_ERROR_MESSAGE_LENGTH,
  MAX_ERROR_TYPE_LENGTH,
  MAX_ID_LENGTH,
  MAX_LANGUAGE_LENGTH,
  MAX_NAVIGATION_TYPE_LENGTH,
  MAX_PATH_LENGTH,
  MAX_RELEASE_LENGTH,
  MAX_SELECTOR_LENGTH,
  MAX_STACK_FRAMES,
  MAX_STACK_LINE_LENGTH,
  MAX_TAG_LENGTH,
  MAX_TITLE_LENGTH,
  MAX_TRACK_NAME_LENGTH,
  MAX_TRACK_PROP_KEY_LENGTH,
  MAX_TRACK_PROP_VALUE_LENGTH,
  MAX_TRACK_PROPS,
  MAX_URL_LENGTH,
  MAX_VIEWPORT_PX,
  NAVIGATION_KINDS,
  VITAL_NAMES,
  VITAL_RATINGS,
} from '@loupe/shared';
import { PROP_NAME, PROP_VALUE } from '@loupe/shared/scrub-event';
import { scrubText } from '../../../privacy/scrub-ingest-event.js';
import { compileStrictObject, type StrictObjectParser } from './compile-strict-object.js';
import { type Check, type Field, isPlain, NOT_SURE } from './strict-field.js';

// A hand-written checker for the events the widget sends most (page views, clicks, engagement,
// vitals, errors, goals, prompt displays), beside zod, which stays the one definition of the contract (shared/src/events.ts).
// It only ever answers "valid, and this is what `eventSchema.parse` returns" or "not sure": every
// invalid event, every other type and anything unusual (an extra or inherited key, a key present
// with `undefined`, an uppercase UUID, a device or release zod would drop) is not sure and left to
// zod, so rejections and their messages stay zod's. Each check below is the schema's own bound or
// a stricter one; the output is built in the schema's key order (base fields, `type`, the type's
// fields), as zod builds it, so the stored payload's JSON is the same text.
// server/test/fast-parse-event.test.ts holds this with fast-check over valid and hostile events.
// It also knows which fields can hold text: asked to scrub, it scrubs those as it copies them and
// nothing else (ids are UUIDs, the rest numbers and enum values, which the scrubber leaves as they
// are), giving what `scrubIngestEvent` gives for the parsed event without walking it again.

const str =
  (max: number, min = 0): Check =>
  (v) =>
    typeof v === 'string' && v.length <= max && v.length >= min;
const oneOf = (values: readonly string[]): Check => {
  const set = new Set<unknown>(values);
  return (v) => set.has(v);
};
/** z.number().int() with bounds: zod's int is a safe integer (so finite, never NaN). */
const int =
  (min: number, max: number): Check =>
  (v) =>
    Number.isSafeInteger(v) && (v as number) >= min && (v as number) <= max;
/** z.number() with bounds: zod v4 refuses NaN and ±Infinity. */
const num =
  (min: number, max: number): Check =>
  (v) =>
    typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max;

/** Lowercase canonical UUIDs only: a strict subset of what z.uuid() accepts (the widget's kind). */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const uuid: Check = (v) => typeof v === 'string' && UUID.test(v);
const px = int(-MAX_VIEWPORT_PX, MAX_VIEWPORT_PX);
const nonNegativePx = int(0, MAX_VIEWPORT_PX);
const nonNegativeInt = int(0, Number.MAX_SAFE_INTEGER);

/** A nested strict object's `copy`: compiled once per scrub setting, as the event shapes are. */
const objectOf = (fields: readonly Field[]) => {
  const plain = compileStrictObject(fields, false);
  const scrubbed = compileStrictObject(fields, true);
  return (v: unknown, scrub: boolean): unknown => (isPlain(v) ? (scrub ? scrubbed(v) : plain(v)) : NOT_SURE);
};

const field = (key: string, check: Check, required = true): Field => ({ key, check, required });
const optional = (key: string, check: Check): Field => field(key, check, false);
/** A string field the scrubber may change (`check` is a length bound). */
const text = (key: string, check: Check, required = true): Field => ({ key, check, required, text: true });
const optionalText = (key: string, check: Check): Field => text(key, check, false);
const always: Check = () => true;

const viewport = objectOf([field('w', nonNegativePx), field('h', nonNegativePx)]);
const BASE: readonly Field[] = [
  field('id', uuid),
  field('ts', nonNegativeInt),
  text('sessionId', str(MAX_ID_LENGTH, 1)),
  optionalText('visitorId', str(MAX_ID_LENGTH, 1)),
  text('url', str(MAX_URL_LENGTH)),
  text('path', (v) => typeof v === 'string' && v.length <= MAX_PATH_LENGTH && v.startsWith('/')),
  optionalText('referrer', str(MAX_URL_LENGTH)),
  optionalText('title', str(MAX_TITLE_LENGTH)),
  { key: 'viewport', check: always, required: false, copy: viewport },
  optionalText('language', str(MAX_LANGUAGE_LENGTH)),
  // `.catch(undefined)`: an unknown class zod keeps as an undefined key; only a known one is ours.
  optional('device', oneOf(DEVICE_CLASSES)),
];
/** The schema's key order: the base fields, the type's fields spread before `type`, `type`, the rest. */
const typed = (type: string, fields: readonly Field[], before: readonly Field[] = []): readonly Field[] => [
  ...BASE,
  ...before,
  field('type', (v) => v === type),
  ...fields,
];
/** `promptRef`, spread before `type` in the prompt events' schemas. */
const PROMPT_REF: readonly Field[] = [text('promptId', str(MAX_ID_LENGTH, 1)), field('displayId', uuid)];

const frame = objectOf([
  optionalText('fn', str(MAX_STACK_LINE_LENGTH)),
  optionalText('file', str(MAX_STACK_LINE_LENGTH)),
  optional('line', nonNegativeInt),
  optional('col', nonNegativeInt),
]);
function frames(v: unknown[], scrub: boolean): unknown {
  const out: unknown[] = [];
  for (const f of v) {
    const parsed = frame(f, scrub);
    if (parsed === NOT_SURE) return NOT_SURE;
    out.push(parsed);
  }
  return out;
}

/** A track event's string, finite number, boolean or null. */
const propValue = (v: unknown): boolean =>
  typeof v === 'string'
    ? v.length <= MAX_TRACK_PROP_VALUE_LENGTH
    : typeof v === 'number'
      ? Number.isFinite(v)
      : v === null || typeof v === 'boolean';
/**
 * A track event's `props`, a record: zod copies its own enumerable keys in order. A `__proto__` key
 * (zod drops it), a symbol or hidden key, or one too many is not ours. Scrubbed as the server's
 * walk scrubs them: the names as prop names, the strings as prop values.
 */
function props(v: unknown, scrub: boolean): unknown {
  if (!isPlain(v)) return NOT_SURE;
  const keys = Reflect.ownKeys(v);
  if (keys.length > MAX_TRACK_PROPS) return NOT_SURE;
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    if (typeof k !== 'string' || k === '__proto__' || k.length > MAX_TRACK_PROP_KEY_LENGTH) return NOT_SURE;
    if (!Object.prototype.propertyIsEnumerable.call(v, k)) return NOT_SURE;
    const x = v[k];
    if (!propValue(x)) return NOT_SURE;
    if (!scrub) {
      out[k] = x;
      continue;
    }
    const key = scrubText(k, PROP_NAME);
    const value = typeof x === 'string' ? scrubText(x, PROP_VALUE) : x;
    // As the walk does: a key scrubbed into `__proto__` stays a key, never the prototype.
    if (key === '__proto__')
      Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
    else out[key] = value;
  }
  return out;
}

const SHAPES: Record<string, readonly Field[]> = {
  // A release zod would drop (`.catch`) is not ours.
  pageview: typed('pageview', [
    { key: 'nav', check: oneOf(NAVIGATION_KINDS), required: false, fallback: 'load' },
    optionalText('release', str(MAX_RELEASE_LENGTH)),
  ]),
  engagement: typed('engagement', [field('engagedMs', int(0, MAX_ENGAGEMENT_MS)), field('scrollDepth', num(0, 100))]),
  click: typed('click', [
    field('kind', oneOf(CLICK_KINDS)),
    text('selector', str(MAX_SELECTOR_LENGTH)),
    text('tag', str(MAX_TAG_LENGTH)),
    optionalText('text', str(MAX_CLICK_TEXT_LENGTH)),
    field('x', px),
    field('y', px),
    optional('rx', px),
    optional('ry', px),
    optional('count', int(1, 10_000)),
  ]),
  vital: typed('vital', [
    field('name', oneOf(VITAL_NAMES)),
    field('value', num(0, 3_600_000)),
    field('rating', oneOf(VITAL_RATINGS)),
    optionalText('navigationType', str(MAX_NAVIGATION_TYPE_LENGTH)),
  ]),
  error: typed('error', [
    field('source', oneOf(ERROR_SOURCES)),
    text('errorType', str(MAX_ERROR_TYPE_LENGTH)),
    text('message', str(MAX_ERROR_MESSAGE_LENGTH)),
    {
      key: 'frames',
      check: (v) => Array.isArray(v) && Object.getPrototypeOf(v) === Array.prototype && v.length <= MAX_STACK_FRAMES,
      required: false,
      copy: frames,
    },
    {
      key: 'resource',
      check: always,
      required: false,
      copy: objectOf([text('tag', str(MAX_TAG_LENGTH)), text('url', str(MAX_URL_LENGTH))]),
    },
  ]),
  track: typed('track', [
    text('name', str(MAX_TRACK_NAME_LENGTH, 1)),
    { key: 'props', check: always, required: false, copy: props },
  ]),
  prompt_shown: typed('prompt_shown', [], PROMPT_REF),
  prompt_dismissed: typed('prompt_dismissed', [], PROMPT_REF),
};

/** The types the fast path knows; every other goes to zod. */
export const FAST_EVENT_TYPES = Object.keys(SHAPES);

/** Each type's checker, compiled once (compile-strict-object.ts), without and with scrubbing. */
const PARSERS = new Map<unknown, readonly [StrictObjectParser, StrictObjectParser]>(
  Object.entries(SHAPES).map(([type, fields]) => [
    type,
    [compileStrictObject(fields, false), compileStrictObject(fields, true)] as const,
  ]),
);

/**
 * What `eventSchema.parse(raw)` returns, when this checker is sure `raw` is valid; undefined when
 * it is not sure (invalid, rare or unusual), and zod must decide.
 */
export function fastParseEvent(raw: unknown): LoupeEvent | undefined {
  return parse(raw, 0);
}

/**
 * What `scrubIngestEvent(eventSchema.parse(raw))` returns, when this checker is sure `raw` is
 * valid; undefined when it is not sure. Only the text fields go through the scrubber.
 */
export function fastParseScrubbedEvent(raw: unknown): LoupeEvent | undefined {
  return parse(raw, 1);
}

function parse(raw: unknown, scrub: 0 | 1): LoupeEvent | undefined {
  if (!isPlain(raw)) return undefined;
  // A Map: a `type` of "constructor" or "__proto__" finds nothing, as an own-key check made sure.
  const parsers = PARSERS.get(raw.type);
  if (parsers === undefined) return undefined;
  const out = parsers[scrub](raw);
  return out === NOT_SURE ? undefined : (out as LoupeEvent);
}
