type Json = unknown;
type Schemas = Record<string, Json>;

const PREFIX = '#/components/schemas/';
const INPUT = 'Input';

/** Calls `visit` with every `$ref` string in the tree. */
function eachRef(value: Json, visit: (ref: string) => void): void {
  if (Array.isArray(value)) {
    for (const v of value) eachRef(v, visit);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      if (key === '$ref' && typeof child === 'string') visit(child);
      else eachRef(child, visit);
    }
  }
}

/** A copy of the tree with each component reference renamed by `rename` (name → new name). */
function renameRefs<T>(value: T, rename: ReadonlyMap<string, string>): T {
  if (Array.isArray(value)) return value.map((v) => renameRefs(v, rename)) as T;
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    const renamed =
      key === '$ref' && typeof child === 'string' && child.startsWith(PREFIX)
        ? rename.get(child.slice(PREFIX.length))
        : undefined;
    out[key] = renamed === undefined ? renameRefs(child, rename) : PREFIX + renamed;
  }
  return out as T;
}

/** The components reachable from `roots`, following references between components. */
function reachable(roots: Json, schemas: Schemas): Set<string> {
  const seen = new Set<string>();
  const visit = (ref: string) => {
    if (!ref.startsWith(PREFIX)) return;
    const name = ref.slice(PREFIX.length);
    if (seen.has(name) || !(name in schemas)) return;
    seen.add(name);
    eachRef(schemas[name], visit);
  };
  eachRef(roots, visit);
  return seen;
}

/**
 * fastify-type-provider-zod publishes every schema that has an `id` twice, as `X` (what the server
 * answers) and `XInput` (what it accepts), whether routes use them or not. This keeps what the
 * paths reach, under one name where one does: `XInput` is renamed `X` when only the input is used
 * (the events a batch carries), and merged into `X` when both are used and are the same schema.
 * Then the components are sorted by name.
 */
export function tidyComponents<T extends { paths?: Json; components?: { schemas?: Schemas } }>(doc: T): T {
  const schemas = doc.components?.schemas;
  if (!schemas) return doc;
  const { components: _, ...roots } = doc;
  const used = reachable(roots, schemas);
  const rename = new Map<string, string>();
  for (const name of used) {
    const base = name.endsWith(INPUT) ? name.slice(0, -INPUT.length) : undefined;
    if (base !== undefined && base in schemas && !used.has(base)) rename.set(name, base);
  }
  // Pairs both used: merge those that are the same once every merged pair is (a fixpoint, since
  // X and XInput are only the same if the components they refer to are the same too).
  let merged = [...used].filter((name) => name.endsWith(INPUT) && used.has(name.slice(0, -INPUT.length)));
  for (let changed = true; changed; ) {
    const names = new Map([...rename, ...merged.map((n): [string, string] => [n, n.slice(0, -INPUT.length)])]);
    const same = merged.filter(
      (n) =>
        JSON.stringify(renameRefs(schemas[n], names)) ===
        JSON.stringify(renameRefs(schemas[n.slice(0, -INPUT.length)], names)),
    );
    changed = same.length !== merged.length;
    merged = same;
  }
  for (const name of merged) rename.set(name, name.slice(0, -INPUT.length));

  const tidy: Schemas = {};
  const kept = [...used]
    .filter((name) => !merged.includes(name))
    .map((name) => [name, rename.get(name) ?? name] as const);
  for (const [name, as] of kept.sort((a, b) => a[1].localeCompare(b[1]))) tidy[as] = renameRefs(schemas[name], rename);
  return { ...renameRefs(roots as T, rename), components: { ...doc.components, schemas: tidy } };
}
