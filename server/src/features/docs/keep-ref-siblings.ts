/**
 * @fastify/swagger deletes every keyword beside a `$ref` (OpenAPI 3.0's rule, applied to 3.1
 * documents too), so a field whose schema is a component lost its own description: each `Change`
 * of the overview (visitors, bounce rate, NPS…) said nothing about what it measures. This moves
 * the reference into `allOf` — `{ description, allOf: [{ $ref }] }` — which every OpenAPI version
 * and Swagger UI read as "that component, described here". Everywhere in the tree, so it holds for
 * any field described with `.meta()` whose schema has an `id`.
 */
export function keepRefSiblings<T>(value: T): T {
  if (Array.isArray(value)) return value.map(keepRefSiblings) as T;
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) out[key] = keepRefSiblings(child);
  const { $ref, ...siblings } = out;
  if (typeof $ref !== 'string' || Object.keys(siblings).length === 0) return out as T;
  const allOf = Array.isArray(siblings.allOf) ? siblings.allOf : [];
  return { ...siblings, allOf: [{ $ref }, ...allOf] } as T;
}
