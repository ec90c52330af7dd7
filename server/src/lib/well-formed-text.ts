/** A UTF-16 surrogate half without its other half: JSON can spell one ("\ud800"); UTF-8 cannot. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * The same text with every lone surrogate and every NUL replaced by U+FFFD. SQLite stored a lone
 * surrogate as the bytes of no UTF-8 character (ED A0 80) and kept NUL, at which its own text
 * functions stop; both are what a cut-off emoji or a buggy client sends, never text anyone wrote.
 * Replaced rather than dropped, so the place of the damage stays visible.
 */
export function wellFormedText(s: string): string {
  return s.replace(LONE_SURROGATE, '\uFFFD').replaceAll('\u0000', '\uFFFD');
}

/** Every string of a JSON value, keys included, made well-formed (in place where possible). */
export function wellFormedJson(value: unknown): unknown {
  if (typeof value === 'string') return wellFormedText(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = wellFormedJson(value[i]);
    return value;
  }
  if (value !== null && typeof value === 'object') {
    const object = value as Record<string, unknown>;
    for (const key of Object.keys(object)) {
      const fixed = wellFormedText(key);
      const inner = wellFormedJson(object[key]);
      if (fixed === key) {
        object[key] = inner;
      } else {
        delete object[key];
        object[fixed] = inner;
      }
    }
  }
  return value;
}

/**
 * Whether a JSON text can hold such characters at all: only through \u escapes, since decoding
 * UTF-8 never yields a surrogate and JSON forbids a raw NUL in a string. Most bodies have none, and
 * skip the walk.
 */
export const mayHoldIllFormedText = (json: string) => /\\u(?:0000|[dD][89a-fA-F])/.test(json);
