import { gunzipSync } from 'node:zlib';

// Reading what a peer sent to its stub, so the smoke test can check that its beacons arrived and
// carried what they should (event names, the survey answer). Only names are kept, never timings.

/** One event a beacon carried: its name and the properties the checks read. */
export interface SentItem {
  name: string;
  props?: Record<string, unknown>;
}

const asRecord = (v: unknown): Record<string, unknown> =>
  v && typeof v === 'object' ? (v as Record<string, unknown>) : {};

/**
 * posthog-js posts JSON, gzip'd by itself (in the page, with fflate: `compression=gzip-js` in the
 * query, or only the gzip magic bytes), or as a form field `data=<base64>`: the JSON text.
 */
export function posthogText(body: Buffer, query: URLSearchParams): string {
  const compression = query.get('compression');
  const gzipped = compression === 'gzip-js' || (body[0] === 0x1f && body[1] === 0x8b);
  const text = gzipped ? gunzipSync(body).toString('utf8') : body.toString('utf8');
  if (compression !== 'base64' && !text.startsWith('data=')) return text;
  return Buffer.from(new URLSearchParams(text).get('data') ?? '', 'base64').toString('utf8');
}

/** One event, an array, or `{ batch: [...] }`. */
export function posthogItems(text: string): SentItem[] {
  const parsed: unknown = JSON.parse(text);
  const list = Array.isArray(parsed)
    ? parsed
    : Array.isArray(asRecord(parsed).batch)
      ? (asRecord(parsed).batch as unknown[])
      : [parsed];
  return list.map((e) => ({ name: String(asRecord(e).event), props: asRecord(asRecord(e).properties) }));
}

/** A Sentry envelope: a header line, then (item header, payload) line pairs; the item types. */
export function sentryItems(text: string): SentItem[] {
  const lines = text.split('\n');
  const items: SentItem[] = [];
  for (let i = 1; i < lines.length; i += 2) {
    const line = lines[i]?.trim();
    if (!line) continue;
    const header = asRecord(JSON.parse(line));
    const payload = lines[i + 1] ? asRecord(safeJson(lines[i + 1]!)) : {};
    items.push({
      name: String(header.type),
      props: { transaction: payload.transaction, measurements: Object.keys(asRecord(payload.measurements)) },
    });
  }
  return items;
}

/** Plausible's `{ n: 'pageview', u, d, … }`. */
export function plausibleItems(text: string): SentItem[] {
  const e = asRecord(JSON.parse(text));
  return [{ name: String(e.n), props: { url: e.u } }];
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
