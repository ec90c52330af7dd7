/** A day as the range parameters take it: YYYY-MM-DD (UTC, the default `tz`). */
const isoDay = (t: number) => new Date(t).toISOString().slice(0, 10);
const DAY_MS = 86_400_000;

interface Parameter {
  in?: string;
  name?: string;
  example?: unknown;
  schema?: { example?: unknown };
}

/**
 * The document as served at a moment: the `from` and `to` of every read route carry the last 30
 * days as their examples (what the server reads when both are left out), so "Try it out" in
 * /docs asks about recent data, not a date fixed when the docs were written. A copy; the cached
 * document is not changed.
 */
export function servedDocument<T extends { paths?: unknown }>(doc: T, now: number): T {
  const examples: Record<string, string> = { from: isoDay(now - 29 * DAY_MS), to: isoDay(now) };
  const copy = structuredClone(doc);
  for (const item of Object.values(
    (copy.paths ?? {}) as Record<string, Record<string, { parameters?: Parameter[] }>>,
  )) {
    for (const operation of Object.values(item)) {
      for (const p of operation.parameters ?? []) {
        const example = p.in === 'query' && p.name !== undefined ? examples[p.name] : undefined;
        if (example === undefined) continue;
        p.example = example;
        if (p.schema) p.schema.example = example;
      }
    }
  }
  return copy;
}
