// Removes personal data and secrets from free text and URLs. One scrubber for both sides: the
// widget runs it before anything leaves the browser, the server runs it again before anything is
// stored (a client may be hostile or old), and one table of cases (`@loupe/shared/scrub-cases`) is
// tested against both. No imports: the widget bundles this file. No look-behind in the patterns:
// Safari before 16.4 cannot even parse them.

export const SCRUBBED_EMAIL = '[email]';
export const SCRUBBED_CARD = '[card]';
export const SCRUBBED_SECRET = '[redacted]';
export const SCRUBBED_IP = '[ip]';

/** `%40` too: emails in query strings usually arrive percent-encoded. */
const EMAIL = /[\w.+-]+(?:@|%40)[a-z\d-]+(?:\.[a-z\d-]+)*\.[a-z]{2,}/gi;
/**
 * Digits with single spaces or dashes between them, as card numbers are typed and printed; or a
 * whole UUID, captured so it is kept: its digit groups can pass Luhn (`08f53454-4724-4116-…`), and
 * a session id or an order's path must not lose its middle to `[card]`.
 */
const DIGIT_RUN_OR_UUID = /([\da-f]{8}(?:-[\da-f]{4}){3}-[\da-f]{12})|\d(?:[ -]?\d)*/gi;
/** A JSON Web Token: three base64url parts, the first always starting with `{"` encoded. */
const JWT = /\beyJ[\w-]{5,}\.[\w-]{5,}\.[\w-]+/g;
const OCTET = '(25[0-5]|2[0-4]\\d|1?\\d?\\d)';
const IPV4 = new RegExp(`\\b(${OCTET}\\.){3}${OCTET}\\b`, 'g');
/** Full (8 groups) or compressed (with `::`) IPv6; times like 12:30:45 have neither. */
const IPV6 = /\b([\da-f]{1,4}:){7}[\da-f]{1,4}\b|\b([\da-f]{1,4}:){1,7}:([\da-f]{1,4}(:[\da-f]{1,4}){0,6})?(?![\w:])/gi;
const URL_IN_TEXT = /\bhttps?:\/\/[^\s"'<>`]+/gi;
const USERINFO = /^([a-z][\w+.-]*:\/\/)[^/?#@\s]*@/i;
/**
 * A `name=value` parameter: in the query, in the fragment (OAuth's implicit flow puts tokens after
 * `#`), or in the path after `;` (`/cart;jsessionid=…`), where the value ends at the next `/`.
 */
const QUERY_PARAM = /([?#&;])([^=&;#?]*)=([^&;#]*)/g;
const PATH_PARAM = /(;)([^=;/?#]*)=([^;/?#]*)/g;
/**
 * Parameter names whose values are credentials, session ids or one-time secrets. Substrings catch
 * `x-amz-signature`, `refresh_token`, `session_id`, `PHPSESSID`, `jsessionid`; the anchored short
 * names avoid `keyword`.
 */
const SECRET_PARAM =
  /token|secret|passw|pwd|auth|session|sessid|api[-_]?key|private[-_]?key|access[-_]?key|credential|signature|^(key|code|sig|otp|jwt|sid|pin|ssn|state|nonce)$/i;
/** Every pattern above needs one of these characters: text without any has nothing to redact. */
const MAY_HOLD_SECRETS = /[\d@%:=;.]/;
const MIN_CARD_DIGITS = 13;
const MAX_CARD_DIGITS = 19;

/** Luhn checksum; card issuers' numbers start with 2–6, which spares epoch-millisecond timestamps. */
function isCardNumber(digits: string): boolean {
  const first = digits.charCodeAt(0) - 48;
  if (digits.length < MIN_CARD_DIGITS || first < 2 || first > 6) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let n = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2) n = n > 4 ? n * 2 - 9 : n * 2;
    sum += n;
  }
  return sum % 10 === 0;
}

/**
 * The card numbers in a run of digit groups. A card may be followed or preceded by other digits
 * (`4111 1111 1111 1111 123`, `… 12/27`), so every stretch of whole groups is tried, longest first,
 * not only the run as a whole. Cards are printed in groups of at least 3 digits (4-4-4-4, 4-6-5,
 * 4-4-4-4-3), which keeps lists of small numbers (`1 2 3 … 13`) out.
 */
function scrubCards(run: string): string {
  // Digit groups at even indexes, the separator after each at the odd ones.
  const parts = run.split(/([ -])/);
  let out = '';
  for (let i = 0; i < parts.length; i += 2) {
    let end = -1;
    let digits = '';
    for (let j = i; j < parts.length; j += 2) {
      digits += parts[j];
      if (digits.length > MAX_CARD_DIGITS || (j > i && (parts[j]!.length < 3 || parts[i]!.length < 3))) break;
      if (isCardNumber(digits)) end = j;
    }
    if (end < 0) out += parts[i];
    else {
      out += SCRUBBED_CARD;
      i = end;
    }
    out += parts[i + 1] || '';
  }
  return out;
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Emails, IP addresses, card numbers and JWTs in plain text (no URL structure considered). */
function scrubPlain(s: string): string {
  // The email pattern backtracks at every word character, so it only runs where an @ could be.
  return (s.includes('@') || s.includes('%40') ? s.replace(EMAIL, SCRUBBED_EMAIL) : s)
    .replace(JWT, SCRUBBED_SECRET)
    .replace(IPV4, SCRUBBED_IP)
    .replace(IPV6, SCRUBBED_IP)
    .replace(DIGIT_RUN_OR_UUID, (run, uuid) => (uuid || run.length < MIN_CARD_DIGITS ? run : scrubCards(run)));
}

/** Blanks `user:password@` and the values of secret-looking path, query and fragment parameters. */
function scrubUrlParts(input: string): string {
  const redact = (m: string, sep: string, name: string) =>
    SECRET_PARAM.test(decode(name)) ? `${sep}${name}=${SCRUBBED_SECRET}` : m;
  const url = input.replace(USERINFO, `$1${SCRUBBED_SECRET}@`);
  const query = url.search(/[?#]/);
  const path = query < 0 ? url : url.slice(0, query);
  return path.replace(PATH_PARAM, redact) + (query < 0 ? '' : url.slice(query).replace(QUERY_PARAM, redact));
}

/**
 * Also what hides behind percent-encoding: in `?q=card%204111…` the `%20` glues the digits to `20`
 * (Luhn fails, the card stays) and in `%20eyJ…` it removes the word boundary a JWT needs. When the
 * decoded text has something to redact, the decoded, redacted text is kept instead.
 */
function thorough(scrub: (s: string) => string): (s: string) => string {
  return (s) => {
    if (!MAY_HOLD_SECRETS.test(s)) return s;
    const out = scrub(s);
    const decoded = out.includes('%') ? decode(out) : out;
    const clean = decoded === out ? out : scrub(decoded);
    return clean === decoded ? out : clean;
  };
}

/** A URL or path: secret parameters, then emails, addresses, cards and tokens anywhere in it. */
export const scrubUrl = thorough((url) => scrubPlain(scrubUrlParts(url)));

/** Free text (messages, comments, titles, names): also scrubs the URLs embedded in it. */
export const scrubText = thorough((text) =>
  scrubPlain(text.includes('://') ? text.replace(URL_IN_TEXT, scrubUrlParts) : text),
);
