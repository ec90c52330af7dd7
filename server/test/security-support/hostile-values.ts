import fc from 'fast-check';

/** A JSON object with 10 000 keys: cheap to send, expensive to validate naively. */
export const manyKeys = (n = 10_000): Record<string, number> =>
  Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i]));

/** Arrays nested `depth` deep: [[[…]]]. */
export const deepNesting = (depth: number): unknown => {
  let v: unknown = 'bottom';
  for (let i = 0; i < depth; i++) v = [v];
  return v;
};

/** Own `__proto__` / `constructor` keys, as JSON.parse creates them from a hostile body. */
export const protoKeys = (): unknown[] => [
  JSON.parse('{"__proto__":{"polluted":"yes"}}'),
  JSON.parse('{"constructor":{"prototype":{"polluted":"yes"}}}'),
  JSON.parse('{"a":{"__proto__":{"polluted":"yes"}}}'),
];

/** Values of the wrong type or of absurd size, to put in place of any field. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(null, true, false, 0, -1, 1e308, -1e308, 2 ** 53 + 1, '', [], {}, 'NaN', '0x10', '1e999'),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.string({ unit: 'grapheme', maxLength: 50 }),
  fc.string({ unit: 'binary', maxLength: 50 }),
  fc.integer({ min: 10_000, max: 200_000 }).map((n) => 'x'.repeat(n)),
  fc.integer({ min: 50, max: 3_000 }).map(deepNesting),
  fc.constantFrom(...protoKeys()),
  fc.constant(manyKeys()),
  fc.jsonValue({ maxDepth: 3 }),
  fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 2000 }),
);

/** Query-string values: encodings that trip naive parsers. */
export const hostileQueryValue: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }).map(encodeURIComponent),
  fc.constantFrom(
    '%ff',
    '%',
    '%00',
    '-1',
    '1e999',
    'NaN',
    '9999999999999999999999',
    '[object Object]',
    '__proto__',
    'a&b=c',
    '2024-13-45',
    'x'.repeat(10_000),
  ),
  fc.integer().map(String),
);

/** Ways to break the transport of a body that was fine as a value. */
export type RawMutation =
  | { kind: 'none' }
  | { kind: 'truncate'; at: number }
  | { kind: 'invalid-utf8'; at: number }
  | { kind: 'content-type'; type: string | undefined };

export const rawMutation: fc.Arbitrary<RawMutation> = fc.oneof(
  { weight: 4, arbitrary: fc.constant<RawMutation>({ kind: 'none' }) },
  fc.double({ min: 0, max: 1, noNaN: true }).map((at): RawMutation => ({ kind: 'truncate', at })),
  fc.double({ min: 0, max: 1, noNaN: true }).map((at): RawMutation => ({ kind: 'invalid-utf8', at })),
  fc
    .constantFrom<string | undefined>(
      undefined,
      'text/html',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/json; charset=utf-16',
      'application/xml',
      'application/json, text/plain',
      '',
    )
    .map((type): RawMutation => ({ kind: 'content-type', type })),
);

/** The body bytes and content type after a raw mutation. */
export function applyRaw(json: string, m: RawMutation): { payload: Buffer; contentType: string | undefined } {
  const bytes = Buffer.from(json, 'utf8');
  switch (m.kind) {
    case 'truncate':
      return { payload: bytes.subarray(0, Math.floor(bytes.length * m.at)), contentType: 'application/json' };
    case 'invalid-utf8': {
      const at = Math.floor(bytes.length * m.at);
      return {
        payload: Buffer.concat([bytes.subarray(0, at), Buffer.from([0xff, 0xfe, 0xc3, 0x28]), bytes.subarray(at)]),
        contentType: 'application/json',
      };
    }
    case 'content-type':
      return { payload: bytes, contentType: m.type };
    default:
      return { payload: bytes, contentType: 'application/json' };
  }
}

/** Replaces the value at a random path (chosen by `pick` in [0,1)) of a JSON-like value. */
export function mutateAt(value: unknown, pick: number, replacement: unknown): unknown {
  const paths: (string | number)[][] = [[]];
  const walk = (v: unknown, p: (string | number)[]) => {
    if (p.length > 6) return;
    const children: [string | number, unknown][] = Array.isArray(v)
      ? v.map((x, i) => [i, x])
      : v && typeof v === 'object'
        ? Object.entries(v)
        : [];
    for (const [k, x] of children) {
      paths.push([...p, k]);
      walk(x, [...p, k]);
    }
  };
  walk(value, []);
  const path = paths[Math.floor(pick * paths.length)] ?? [];
  if (path.length === 0) return replacement;
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let cur = copy;
  for (const seg of path.slice(0, -1)) cur = cur[seg] as Record<string | number, unknown>;
  cur[path.at(-1)!] = replacement;
  return copy;
}
