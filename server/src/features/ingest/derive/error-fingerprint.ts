import { hash } from 'node:crypto';
import type { ErrorEvent, StackFrame } from '@loupe/shared';
import { LruMap } from '../../../lib/lru-map.js';

// Grouping as Sentry and PostHog do it (docs/signals.md): error type + the top frame from the
// site's own code, as function + file without line/column (those shift with every deploy); with no
// usable stack, the message with its variable parts replaced. A frame without a function name (a
// thrown string or object has no stack, only the place it was thrown from; anonymous code) says
// where but not what, so its normalised message joins the file: otherwise every such error of one
// file is one group.

const CONTENT_HASH = /[.-](?=[A-Za-z0-9_]*\d)[A-Za-z0-9_]{8,}(?=\.[a-z]+$)/;

// The events of one page share its URL, and one error repeats across a site's visitors: a URL
// parse (about 1 µs) is kept for the next event of the same page, and a group's hash (the largest
// part of a fingerprint) for the next error of the same group. Bounded, least recent out first,
// as the User-Agent cache: the keys come from the clients.
let lastUrl: string | undefined;
let lastOrigin: string | undefined;
const hashes = new LruMap<string, string>(1000);

function originOf(url: string): string | undefined {
  if (url === lastUrl) return lastOrigin;
  let origin: string | undefined;
  try {
    origin = new URL(url).origin;
  } catch {
    origin = undefined;
  }
  lastUrl = url;
  lastOrigin = origin;
  return origin;
}

function hashOf(basis: string): string {
  const hit = hashes.get(basis);
  if (hit !== undefined) return hit;
  // A hash keeps the column and the rollup key short; the readable parts stay in the events.
  // One-shot `hash` (no Hash object, half createHash's CPU): this runs per error event, on the request path.
  const fingerprint = hash('sha256', basis, 'base64url').slice(0, 22);
  hashes.set(basis, fingerprint);
  return fingerprint;
}

/** Drops query, fragment, the page's own origin and bundler content hashes (`main.3f2a1b9c.js`). */
function normaliseFile(file: string, origin: string | undefined): string {
  let f = file.split(/[?#]/)[0] ?? '';
  if (origin && f.startsWith(origin)) f = f.slice(origin.length);
  return f.replace(CONTENT_HASH, '');
}

export function normaliseMessage(message: string): string {
  return message
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<id>')
    .replace(/\b0x[0-9a-f]+\b|\b(?=[a-f]*\d)[0-9a-f]{8,}\b/gi, '<hex>')
    .replace(/\d+(\.\d+)?/g, '<n>')
    .trim();
}

/** Frames are ordered innermost first, as in `Error.stack`. */
function topOwnFrame(frames: StackFrame[], origin: string | undefined): StackFrame | undefined {
  const withFile = frames.filter((f) => f.file);
  const own = withFile.find((f) => (origin && f.file!.startsWith(origin)) || f.file!.startsWith('/'));
  return own ?? withFile[0];
}

export function errorFingerprint(e: ErrorEvent): string {
  const origin = originOf(e.url);
  let basis: string;
  if (e.source === 'resource') {
    basis = `resource|${e.resource?.tag ?? ''}|${normaliseFile(e.resource?.url ?? e.message, origin)}`;
  } else {
    const frame = topOwnFrame(e.frames ?? [], origin);
    basis = !frame
      ? `${e.errorType}|${normaliseMessage(e.message)}`
      : frame.fn
        ? `${e.errorType}|${frame.fn}|${normaliseFile(frame.file!, origin)}`
        : `${e.errorType}|?|${normaliseFile(frame.file!, origin)}|${normaliseMessage(e.message)}`;
  }
  return hashOf(basis);
}
