import type { LoupeEvent } from '@loupe/shared';
import {
  LIMITS,
  PROP_NAME,
  PROP_VALUE,
  scrubMember,
  TRAIT_NAME,
  TRAIT_VALUE,
  UUID_MEMBER,
} from '@loupe/shared/scrub-event';

// The server's walk of a validated event through the shared scrubber: the same result as
// `scrubEvent` (server/test/scrub-ingest-event.test.ts proves it with fast-check over valid and
// hostile events), for less. Most strings of an event are ids, enum values and language tags; the
// widget's ids are UUIDs, whose digits send them through every pattern of the scrubber and whose
// variety empties its cache of recent answers several times a batch, evicting the URLs and titles
// that repeat. A string that cannot hold anything the scrubber redacts is kept as it is, unseen.

/**
 * Letters, digits, `_` and `-` only: no `@`/`%40` (emails), no `.` (IPv4, JWTs, emails), no `:`
 * (IPv6, URLs, user info), no `?#;=` (parameters), no `%` (encoded text), no space.
 */
const PLAIN_TOKEN = /^[\w-]*$/;
/** What is left to redact in a plain token: 13 digits or more, single dashes between (a card number). */
const CARD_LIKE = /\d(?:-?\d){12}/;

/** Whether `scrubMember(text, member)` would return `text` unchanged, known without running it. */
export function isInert(text: string, member: string): boolean {
  const limit = LIMITS[member];
  return (limit === undefined || text.length <= limit) && PLAIN_TOKEN.test(text) && !CARD_LIKE.test(text);
}

/** `scrubMember(text, member)` for a member that is not a UUID: the inert kept unseen. */
export function scrubText(text: string, member: string): string {
  return isInert(text, member) ? text : scrubMember(text, member);
}

function scrubString(text: string, member: string): string {
  return UUID_MEMBER.test(member) ? text : scrubText(text, member);
}

function scrubValue(value: unknown, member: string): unknown {
  if (typeof value === 'string') return scrubString(value, member);
  if (!value || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => scrubValue(v, member));
  const out: Record<string, unknown> = {};
  // A track event's props and an identify event's traits: the site's own names and values.
  const names = member === 'props' ? PROP_NAME : member === 'traits' ? TRAIT_NAME : undefined;
  const values = member === 'props' ? PROP_VALUE : TRAIT_VALUE;
  for (const k of Object.keys(value)) {
    const v = (value as Record<string, unknown>)[k];
    const key = names !== undefined ? scrubString(k, names) : k;
    const scrubbed = names !== undefined ? scrubValue(v, values) : scrubValue(v, k);
    // Assigned (far cheaper than defining) unless the key is `__proto__` (a track event's prop
    // may be one), which must stay a key, never become the prototype.
    if (key === '__proto__')
      Object.defineProperty(out, key, { value: scrubbed, enumerable: true, writable: true, configurable: true });
    else out[key] = scrubbed;
  }
  return out;
}

/** `scrubEvent(event)`, computed with the inert strings skipped. */
export function scrubIngestEvent<T extends LoupeEvent>(event: T): T {
  return scrubValue(event, '') as T;
}
