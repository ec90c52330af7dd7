// The vocabulary of the validation fast path's shapes (fast-parse-event.ts): a field of a strict
// object, in the schema's order, and the answer "not sure" that leaves an event to zod.

export type Check = (v: unknown) => boolean;

/** What a field's `copy` or a whole parse returns when the fast path cannot vouch for its input. */
export const NOT_SURE = Symbol('not sure');

/** A field of the schema's shape, in its order; `copy` rebuilds a nested object as zod does. */
export interface Field {
  key: string;
  check: Check;
  required: boolean;
  /** Free text, a URL or a client's id: what scrubbing may change. */
  text?: boolean;
  copy?: (v: never, scrub: boolean) => unknown;
  /** `.default(…)`: the value zod fills in, in the field's place, when the key is absent. */
  fallback?: unknown;
}

/** A plain object (what JSON.parse makes); arrays, class instances and null-prototype objects are not ours. */
export function isPlain(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;
}
