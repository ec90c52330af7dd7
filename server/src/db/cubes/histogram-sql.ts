// SQL of the histogram (Web Vitals) tiers: one JSON object {bucket: samples} per dimension tuple.
// Migration 0004 stored it as JSON text, updated with two statements per change; 0008 switched to
// JSONB (SQLite's binary JSON) and a single upsert, which costs ingestion a quarter as much. The
// column stays declared TEXT: SQLite keeps a BLOB as is, and readers go through json(hist).

export type HistogramFormat = 'json' | 'jsonb';

export interface HistogramChange {
  table: string;
  keyCols: string[];
  keyVals: string[];
  /** SQL of the bucket and of the signed sample delta, in terms of NEW/OLD. */
  bucket: string;
  delta: string;
}

export function histogramUpsertSql(c: HistogramChange, format: HistogramFormat): string[] {
  const path = `'$."' || ${c.bucket} || '"'`;
  if (format === 'jsonb') {
    return [
      `INSERT INTO ${c.table} (${c.keyCols.join(', ')}, hist) VALUES (${c.keyVals.join(', ')}, jsonb_object(CAST(${c.bucket} AS TEXT), ${c.delta})) ` +
        `ON CONFLICT (${c.keyCols.join(', ')}) DO UPDATE SET hist = jsonb_set(hist, ${path}, COALESCE(jsonb_extract(hist, ${path}), 0) + ${c.delta});`,
    ];
  }
  const match = c.keyCols.map((col, i) => `${col} = ${c.keyVals[i]}`).join(' AND ');
  return [
    `INSERT INTO ${c.table} (${c.keyCols.join(', ')}) VALUES (${c.keyVals.join(', ')}) ON CONFLICT DO NOTHING;`,
    `UPDATE ${c.table} SET hist = json_set(hist, ${path}, COALESCE(json_extract(hist, ${path}), 0) + ${c.delta}) WHERE ${match};`,
  ];
}

/** Aggregate function building the object in a backfill. */
export const histogramGroupObject = (format: HistogramFormat) =>
  format === 'jsonb' ? 'jsonb_group_object' : 'json_group_object';
