// Privacy scrubbing of everything free-form the widget sends (URLs, titles, click text, error
// messages). The server scrubs again; this keeps personal data from leaving the browser at all.

// `%40` too: emails in query strings arrive URL-encoded.
const EMAIL = /[\w.%+-]+(?:@|%40)[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}/gi;
// 13–19 digits, optionally grouped by spaces or dashes; only Luhn-valid runs are replaced.
const CARD = /\b\d(?:[ -]?\d){12,18}\b/g;
// Query/fragment parameters whose name looks like a credential, e.g. ?access_token=…, #id_token=…
const SECRET_PARAM = /([?&#;][^=&#;]*(?:pass|pwd|secret|token|auth|sess|sig|jwt|key|code|otp)[^=&#;]*=)[^&#;]*/gi;

export const REDACTED = '[redacted]';

/** Luhn checksum: from the right, every second digit doubled (digit sums: 0 2 4 6 8 1 3 5 7 9). */
const luhn = (digits: string) =>
  [...digits].reverse().reduce((sum, d, i) => sum + +(i % 2 ? '0246813579'[+d]! : d), 0) % 10 === 0;

export function scrubText(text: string): string {
  return text
    .replace(EMAIL, '[email]')
    .replace(CARD, (run) => (luhn(run.replace(/\D/g, '')) ? '[card]' : run));
}

export function scrubUrl(url: string): string {
  return scrubText(url.replace(SECRET_PARAM, `$1${REDACTED}`));
}

/** Cut to the wire limit; `undefined` when empty so the member is omitted. */
export function clip(text: string | null | undefined, max: number): string | undefined {
  return text ? text.slice(0, max) || undefined : undefined;
}
