// Scrubs a whole event, the same way in the widget (before it leaves the browser) and on the
// server (before it is stored). No imports beyond the zero-dependency constants and scrubber: the
// widget bundles this file.
import {
  MAX_CLICK_TEXT_LENGTH,
  MAX_COMMENT_LENGTH,
  MAX_CUSTOMER_ID_LENGTH,
  MAX_ERROR_MESSAGE_LENGTH,
  MAX_ERROR_TYPE_LENGTH,
  MAX_ID_LENGTH,
  MAX_LANGUAGE_LENGTH,
  MAX_NAVIGATION_TYPE_LENGTH,
  MAX_PATH_LENGTH,
  MAX_SELECTOR_LENGTH,
  MAX_STACK_LINE_LENGTH,
  MAX_TAG_LENGTH,
  MAX_TITLE_LENGTH,
  MAX_TRACK_NAME_LENGTH,
  MAX_TRACK_PROP_KEY_LENGTH,
  MAX_TRACK_PROP_VALUE_LENGTH,
  MAX_TRAIT_KEY_LENGTH,
  MAX_TRAIT_VALUE_LENGTH,
  MAX_URL_LENGTH,
} from './constants.js';
import { scrubText, scrubUrl } from './scrub.js';

/** Members holding a URL: scrubbed as URLs, so their secret parameters go too. */
const URL_MEMBER = /^(url|path|referrer|file)$/;
/** Validated as UUIDs (the server's schema) or made by the widget itself: no text to scrub. */
export const UUID_MEMBER = /^(id|displayId)$/;
/** What the names and values of `props` (a track event's properties) are scrubbed and cut as. */
export const PROP_NAME = ' prop name';
export const PROP_VALUE = ' prop value';
/** The same for `traits` (an identify event's): names and values are the site's own text. */
export const TRAIT_NAME = ' trait name';
export const TRAIT_VALUE = ' trait value';

/**
 * Each text member's limit on the wire. Scrubbing can lengthen a text (`a@b.io` → `[email]`,
 * `?token=x` → `?token=[redacted]`), so it is cut again afterwards; members not listed here are
 * ids, enums and numbers, bounded by the schema already.
 */
export const LIMITS: Readonly<Record<string, number>> = {
  url: MAX_URL_LENGTH,
  referrer: MAX_URL_LENGTH,
  path: MAX_PATH_LENGTH,
  title: MAX_TITLE_LENGTH,
  language: MAX_LANGUAGE_LENGTH,
  selector: MAX_SELECTOR_LENGTH,
  tag: MAX_TAG_LENGTH,
  text: MAX_CLICK_TEXT_LENGTH,
  errorType: MAX_ERROR_TYPE_LENGTH,
  message: MAX_ERROR_MESSAGE_LENGTH,
  fn: MAX_STACK_LINE_LENGTH,
  file: MAX_STACK_LINE_LENGTH,
  navigationType: MAX_NAVIGATION_TYPE_LENGTH,
  name: MAX_TRACK_NAME_LENGTH,
  comment: MAX_COMMENT_LENGTH,
  promptId: MAX_ID_LENGTH,
  sessionId: MAX_ID_LENGTH,
  visitorId: MAX_ID_LENGTH,
  [PROP_NAME]: MAX_TRACK_PROP_KEY_LENGTH,
  [PROP_VALUE]: MAX_TRACK_PROP_VALUE_LENGTH,
  customerId: MAX_CUSTOMER_ID_LENGTH,
  [TRAIT_NAME]: MAX_TRAIT_KEY_LENGTH,
  [TRAIT_VALUE]: MAX_TRAIT_VALUE_LENGTH,
};

/**
 * Scrubbing costs tens of microseconds per string, and the same URL, path and title come with
 * every event of a page view: recent answers are kept (the map is simply emptied when full).
 */
const MAX_REMEMBERED = 256;
const remembered = new Map<string, string>();

/** One string of `member` scrubbed and cut as `scrubEvent` does it (the server's walk reuses it). */
export function scrubMember(text: string, member: string): string {
  const key = `${member}\n${text}`;
  let out = remembered.get(key);
  if (out === undefined) {
    out = (URL_MEMBER.test(member) ? scrubUrl : scrubText)(text).slice(0, LIMITS[member]);
    // Never end on half of a surrogate pair: the cut may fall inside an emoji.
    if (/[\ud800-\udbff]$/.test(out)) out = out.slice(0, -1);
    if (remembered.size >= MAX_REMEMBERED) remembered.clear();
    remembered.set(key, out);
  }
  return out;
}

// Plain loops: the widget runs this on pages that may have replaced Array.prototype.map and friends.
function scrubValue(value: unknown, member: string): unknown {
  if (typeof value === 'string') return UUID_MEMBER.test(member) ? value : scrubMember(value, member);
  if (!value || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (let i = 0; i < value.length; i++) out[i] = scrubValue(value[i], member);
    return out;
  }
  const props = member === 'props';
  const traits = member === 'traits';
  const out = {};
  const keys = Object.keys(value);
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const v = (value as Record<string, unknown>)[k];
    // Defined, not assigned: a `__proto__` key stays a key, never a prototype.
    const name = props ? scrubMember(k, PROP_NAME) : traits ? scrubMember(k, TRAIT_NAME) : k;
    Object.defineProperty(out, name, {
      value: props ? scrubValue(v, PROP_VALUE) : traits ? scrubValue(v, TRAIT_VALUE) : scrubValue(v, k),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

/**
 * A copy of the event with every string in it scrubbed, at any depth and track property names
 * included: URLs as URLs, everything else as text, each cut to its member's limit. Walking the
 * whole event means no free-text member can be forgotten, now or when the schema grows.
 */
export function scrubEvent<T extends object>(event: T): T {
  return scrubValue(event, '') as T;
}
