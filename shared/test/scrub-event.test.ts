import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { eventSchema } from '../src/events.js';
import { scrubEvent } from '../src/scrub-event.js';

/** Short enough for the shortest text member (32 characters). */
const SECRETS = ['jo@ex.io', '4111111111111111', '198.51.100.23', 'eyJhbGciOi.eyJzdWIiOi.c2lnbg'];

type Schema = {
  type?: string;
  const?: unknown;
  enum?: unknown[];
  format?: string;
  maxLength?: number;
  properties?: Record<string, Schema>;
  additionalProperties?: Schema | boolean;
  propertyNames?: Schema;
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  $ref?: string;
  $defs?: Record<string, Schema>;
};

/** Where a free-text string can sit in an event: the member path, or a property name (`*key`). */
function textMembers(schema: Schema, path: string[] = []): string[][] {
  const s = resolve(schema);
  const alt = s.anyOf ?? s.oneOf;
  if (alt) return alt.flatMap((a) => textMembers(a, path));
  if (s.type === 'string') return s.const !== undefined || s.enum || s.format === 'uuid' ? [] : [path];
  if (s.type === 'array' && s.items) return textMembers(s.items, [...path, '0']);
  if (s.type !== 'object') return [];
  const named = Object.entries(s.properties ?? {}).flatMap(([k, v]) => textMembers(v, [...path, k]));
  const extra = typeof s.additionalProperties === 'object' ? textMembers(s.additionalProperties, [...path, 'any']) : [];
  const names = typeof s.additionalProperties === 'object' ? [[...path, '*key']] : [];
  return [...named, ...extra, ...names];
}

const BASE = {
  id: '6f1c1f9e-8a39-4c55-9f55-0b8e3c2a4d10',
  ts: 1_764_000_000_000,
  sessionId: 's1',
  url: 'https://shop.example/',
  path: '/',
};
const MINIMAL: Record<string, object> = {
  pageview: {},
  engagement: { engagedMs: 1, scrollDepth: 1 },
  click: { kind: 'click', selector: '#a', tag: 'a', x: 1, y: 1 },
  error: {
    source: 'error',
    errorType: 'Error',
    message: 'm',
    frames: [{ fn: 'f', file: '/a.js' }],
    resource: { tag: 'img', url: '/a.png' },
  },
  vital: { name: 'LCP', value: 1, rating: 'good', navigationType: 'navigate' },
  track: { name: 'n', props: { any: 'v' } },
  task: { name: 't', action: 'start' },
  prompt_shown: { promptId: 'p', displayId: BASE.id },
  prompt_dismissed: { promptId: 'p', displayId: BASE.id },
  response: { promptId: 'p', displayId: BASE.id, kind: 'nps', score: 9, comment: 'c' },
  identify: { customerId: 'c', traits: { any: 'v' } },
};

/** The event with `value` put at `path` (a `*key` path renames the property instead). */
function place(event: Record<string, unknown>, path: string[], value: string): Record<string, unknown> {
  const copy = structuredClone(event);
  let at: Record<string, unknown> = copy;
  for (const k of path.slice(0, -1)) at = at[k] as Record<string, unknown>;
  const last = path[path.length - 1]!;
  if (last === '*key') {
    const [[, v]] = Object.entries(at) as [[string, unknown]];
    for (const k of Object.keys(at)) delete at[k];
    at[value] = v;
  } else {
    at[last] = path[0] === 'path' ? `/${value}` : value;
  }
  return copy;
}

const json = z.toJSONSchema(eventSchema, { io: 'input' }) as Schema;
/** Each event type (and the stack frame) is a named component under $defs, referred to by $ref. */
function resolve(s: Schema): Schema {
  if (!s.$ref) return s;
  const target = json.$defs?.[s.$ref.replace('#/$defs/', '')];
  if (!target) throw new Error(`unresolved ${s.$ref}`);
  return target;
}
const variants = (json.anyOf ?? json.oneOf)!.map(resolve);

describe('scrubEvent', () => {
  for (const variant of variants) {
    const type = variant.properties!.type!.const as string;
    const event = { ...BASE, type, ...MINIMAL[type] } as Record<string, unknown>;
    const members = textMembers(variant);

    it(`${type}: every text member (${members.length}) is scrubbed, property names too`, () => {
      expect(eventSchema.safeParse(event).success).toBe(true);
      for (const path of members) {
        for (const secret of SECRETS) {
          const dirty = place(event, path, `x ${secret}`);
          expect(eventSchema.safeParse(dirty).success, `${path.join('.')} ${secret}`).toBe(true);
          const clean = scrubEvent(dirty);
          expect(JSON.stringify(clean), `${path.join('.')} keeps ${secret}`).not.toContain(secret);
          expect(eventSchema.safeParse(clean).success).toBe(true);
        }
      }
    });

    it(`${type}: text at its limit stays within it after scrubbing lengthens it`, () => {
      for (const path of members) {
        // At the member's limit by the schema's own numbers, ending in an email: `[email]` is longer.
        const limit = path.reduce<Schema | undefined>(
          (s, k) =>
            k === '0'
              ? s?.items
              : k === '*key'
                ? s?.propertyNames
                : k === 'any'
                  ? (s?.additionalProperties as Schema)
                  : s?.properties?.[k],
          variant,
        )?.maxLength;
        const cut = place(
          event,
          path,
          `${'x'.repeat(2000)} a@b.io`.slice(-(limit ?? 64) + (path[0] === 'path' ? 1 : 0)),
        );
        expect(eventSchema.safeParse(cut).success, path.join('.')).toBe(true);
        expect(eventSchema.safeParse(scrubEvent(cut)).success, path.join('.')).toBe(true);
        expect(JSON.stringify(scrubEvent(cut))).not.toContain('a@b.io');
      }
    });
  }

  it('leaves ids, numbers and enums as they are, and never follows a __proto__ key', () => {
    const e = JSON.parse(
      `{"id":"${BASE.id}","ts":1,"sessionId":"s","url":"/","path":"/","type":"track","name":"n","props":{"__proto__":"a@b.io","n":1,"b":true,"z":null}}`,
    );
    const clean = scrubEvent(e);
    expect(clean.id).toBe(BASE.id);
    expect(Object.getPrototypeOf(clean.props)).toBe(Object.prototype);
    expect(Object.entries(clean.props)).toEqual([
      ['__proto__', '[email]'],
      ['n', 1],
      ['b', true],
      ['z', null],
    ]);
  });
});
