/** An object is described by this many members at most, each string value cut to this length. */
const MAX_MEMBERS = 20;
const MAX_VALUE_LENGTH = 100;

/**
 * What was thrown or rejected, as a message: an Error's own message, a string as it is, other
 * primitives as they print (`undefined`, `42`), an object as a bounded JSON of its first members
 * one level deep (`{"code":42,"detail":"[Object]"}`), never its whole, possibly huge or circular
 * graph. Sentry likewise describes non-errors by their keys.
 */
export function describeThrown(value: unknown): string {
  if (value instanceof Error) return value.message || value.name;
  if (!value || typeof value !== 'object') return String(value);
  try {
    const members: Record<string, unknown> = {};
    let n = 0;
    for (const key in value) {
      if (n++ === MAX_MEMBERS) break;
      const v = (value as Record<string, unknown>)[key];
      members[key] =
        typeof v === 'string'
          ? v.slice(0, MAX_VALUE_LENGTH)
          : typeof v === 'function'
            ? '[Function]'
            : v && typeof v === 'object'
              ? Array.isArray(v)
                ? '[Array]'
                : '[Object]'
              : v;
    }
    return JSON.stringify(members);
  } catch {
    return String(value); // a getter that throws, a revoked Proxy
  }
}
