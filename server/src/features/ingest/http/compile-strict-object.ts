import { scrubText } from '../../../privacy/scrub-ingest-event.js';
import { type Field, NOT_SURE } from './strict-field.js';

/** Checks and rebuilds one strict object: its copy in the schema's key order, or NOT_SURE. */
export type StrictObjectParser = (raw: Record<string, unknown>) => Record<string, unknown> | typeof NOT_SURE;

// Why generated code: a loop over a table of fields (`raw[f.key]`, `f.check(v)`, `out[f.key] = …`)
// makes every one of those sites see every key, shape and check of every event type, so each is
// megamorphic: V8 answers it from its global stub cache and the maps' descriptor and transition
// arrays, memory that the HTTP stack between two requests evicts. Measured in process with the
// caches flushed between batches, that checker cost 4× its hot loop, most of prepareEvents' cost in
// the server. A function per shape, with each key a constant, gives each load, store and check a
// site of its own that sees one key and one or two maps: an inline cache of a word or two, and
// checks TurboFan inlines. The same technique as Fastify's serialisers (fast-json-stringify). The
// text is built from the static shapes of fast-parse-event.ts only, never from input: keys are
// written as JSON string literals, and checks, copies and fallbacks are passed in as values.

/**
 * What the table interpreter did, as straight-line code: for each field in order, absent (and not
 * an own key holding `undefined`) is allowed only when optional, and takes the fallback if there is
 * one; present, it must be an own key that passes the check, and is copied (scrubbed when it is text
 * and `scrub` is set, rebuilt by its `copy` when nested); then every own key must have been a field.
 */
export function compileStrictObject(fields: readonly Field[], scrub: boolean): StrictObjectParser {
  const values: unknown[] = [];
  const ref = (value: unknown) => `v${values.push(value) - 1}`;
  const lines = ['let seen = 0;', 'const out = {};', 'let v;'];
  for (const f of fields) {
    const key = JSON.stringify(f.key);
    lines.push(`v = raw[${key}];`);
    const check = `if (!hasOwn(raw, ${key}) || !${ref(f.check)}(v)) return NOT_SURE;`;
    const copy =
      f.copy !== undefined
        ? [`v = ${ref(f.copy)}(v, ${scrub});`, 'if (v === NOT_SURE) return NOT_SURE;', `out[${key}] = v;`]
        : [scrub && f.text ? `out[${key}] = scrubText(v, ${key});` : `out[${key}] = v;`];
    if (f.required) lines.push('if (v === undefined) return NOT_SURE;', check, 'seen++;', ...copy);
    else
      lines.push(
        'if (v === undefined) {',
        `  if (hasOwn(raw, ${key})) return NOT_SURE;`,
        ...(f.fallback !== undefined ? [`  out[${key}] = ${ref(f.fallback)};`] : []),
        '} else {',
        `  ${check}`,
        '  seen++;',
        ...copy.map((l) => `  ${l}`),
        '}',
      );
  }
  // Every own key was one of the fields: no extra key (strictObject refuses them, `__proto__` too).
  lines.push('return Object.keys(raw).length === seen ? out : NOT_SURE;');
  const names = values.map((_, i) => `v${i}`);
  const body = `"use strict";\nreturn function strictObject(raw) {\n  ${lines.join('\n  ')}\n};`;
  const make = new Function('hasOwn', 'scrubText', 'NOT_SURE', ...names, body) as (
    ...args: unknown[]
  ) => StrictObjectParser;
  return make(Object.hasOwn, scrubText, NOT_SURE, ...values);
}
