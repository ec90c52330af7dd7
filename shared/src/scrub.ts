// Removes personal data and secrets from free text and URLs, in the widget before sending and again
// on the server before storing (docs/signals.md, Privacy). No imports: the widget bundles this file.
// No look-behind in the patterns: Safari before 16.4 cannot even parse them.

export const SCRUBBED_EMAIL = '[email]';
export const SCRUBBED_CARD = '[card]';
export const SCRUBBED_SECRET = '[redacted]';

/** `%40` too: emails in query strings usually arrive percent-encoded. */
const EMAIL = /[\w.+-]+(?:@|%40)[a-z\d-]+(?:\.[a-z\d-]+)*\.[a-z]{2,}/gi;
/** 13–19 digits, optionally grouped by single spaces or dashes (how cards are typed and printed). */
const CARD = /\b(?:\d[ -]?){12,18}\d\b/g;
/** A JSON Web Token: three base64url parts, the first always starting with `{"` encoded. */
const JWT = /\beyJ[\w-]{5,}\.[\w-]{5,}\.[\w-]+/g;
const URL_IN_TEXT = /\bhttps?:\/\/[^\s"'<>`]+/gi;
/** A `name=value` pair in a query string or fragment (OAuth implicit flow puts tokens after `#`). */
const USERINFO = /^([a-z][\w+.-]*:\/\/)[^/?#@\s]*@/i;
const PARAM = /([?#&;])([^=&;#?]*)=([^&;#]*)/g;
/**
 * Query parameter names whose values are credentials or one-time secrets. Substrings catch
 * `x-amz-signature`, `refresh_token`, `session_id`; the anchored short names avoid `keyword`.
 */
const SECRET_PARAM =
  /token|secret|passw|pwd|auth|session|api[-_]?key|private[-_]?key|access[-_]?key|credential|signature|^(key|code|sig|otp|jwt|sid|pin|ssn|state|nonce)$/i;

/** Luhn checksum; card issuers' numbers start with 2–6, which spares epoch-millisecond timestamps. */
function looksLikeCard(match: string): boolean {
  const digits = match.replace(/\D/g, '');
  const first = digits.charCodeAt(0) - 48;
  if (digits.length < 13 || digits.length > 19 || first < 2 || first > 6) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let n = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) n = n * 2 > 9 ? n * 2 - 9 : n * 2;
    sum += n;
  }
  return sum % 10 === 0;
}

function decodeName(name: string): string {
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}

/** Emails, card numbers and JWTs in plain text (no URL structure considered). */
function scrubPlain(s: string): string {
  // The email pattern backtracks at every word character, so it only runs where an @ could be.
  const t = s.includes('@') || s.includes('%40') ? s.replace(EMAIL, SCRUBBED_EMAIL) : s;
  return t.replace(JWT, SCRUBBED_SECRET).replace(CARD, (m) => (looksLikeCard(m) ? SCRUBBED_CARD : m));
}

/** Blanks `user:password@` and the values of secret-looking parameters after the first `?` or `#`. */
function scrubUrlParts(input: string): string {
  const url = input.replace(USERINFO, `$1${SCRUBBED_SECRET}@`);
  const start = url.search(/[?#]/);
  if (start < 0) return url;
  return (
    url.slice(0, start) +
    url
      .slice(start)
      .replace(PARAM, (m: string, sep: string, name: string) =>
        SECRET_PARAM.test(decodeName(name)) ? `${sep}${name}=${SCRUBBED_SECRET}` : m,
      )
  );
}

/** A URL or path: secret query/fragment parameters, then emails, cards and tokens anywhere in it. */
export function scrubUrl(url: string): string {
  return scrubPlain(scrubUrlParts(url));
}

/** Free text (messages, comments, titles): also scrubs URLs embedded in it. */
export function scrubText(text: string): string {
  return scrubPlain(text.includes('://') ? text.replace(URL_IN_TEXT, (u) => scrubUrlParts(u)) : text);
}
