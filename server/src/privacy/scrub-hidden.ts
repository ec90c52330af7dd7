import { scrubText, scrubUrl } from '@loupe/shared/scrub';

export const SCRUBBED_IP = '[ip]';

const OCTET = '(?:25[0-5]|2[0-4]\\d|1?\\d?\\d)';
const IPV4 = new RegExp(`\\b(?:${OCTET}\\.){3}${OCTET}\\b`, 'g');
/** Full (8 groups) or compressed (with `::`) IPv6; times like 12:30:45 have neither. */
const IPV6 = /\b(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}\b|\b(?:[0-9a-f]{1,4}:){1,7}:(?:[0-9a-f]{1,4}(?::[0-9a-f]{1,4}){0,6})?(?![\w:])/gi;

/** IP addresses in free text: a visitor's address is personal data wherever it appears. */
export function scrubIp(s: string): string {
  return s.replace(IPV4, SCRUBBED_IP).replace(IPV6, SCRUBBED_IP);
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * The shared scrubbers, plus IP addresses, plus what hides behind percent-encoding: in
 * `?q=card%204111…` the `%20` glues the digits to `20` (Luhn fails, the card stays) and in
 * `%20eyJ…` it removes the word boundary a JWT needs. When the decoded text has something to
 * redact, the decoded, redacted text is stored instead. Server-only, so the widget stays small.
 */
function thorough(scrub: (s: string) => string): (s: string) => string {
  return (s) => {
    const out = scrubIp(scrub(s));
    if (!out.includes('%')) return out;
    const decoded = decode(out);
    if (decoded === out) return out;
    const clean = scrubIp(scrub(decoded));
    return clean === decoded ? out : clean;
  };
}

export const scrubTextThoroughly = thorough(scrubText);
export const scrubUrlThoroughly = thorough(scrubUrl);
