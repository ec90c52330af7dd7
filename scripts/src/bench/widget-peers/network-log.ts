import type { CDPSession } from 'playwright-core';

// Every request a page makes, from the DevTools protocol's Network domain: what crossed the wire
// (encodedDataLength: headers plus the body as compressed by the server) and when, on the same
// monotonic clock as the trace, so a window of the trace selects its requests.

export interface NetworkEntry {
  url: string;
  origin: string;
  method: string;
  /** Document, Script, Fetch, XHR, Ping (sendBeacon), Image, … */
  type: string;
  /** Monotonic seconds, the clock of the trace (trace µs ÷ 1e6). */
  start: number;
  end?: number;
  status?: number;
  /** Bytes received: response headers and body as sent (compressed). */
  received: number;
  /** Bytes of the request body (beacons), uncompressed unless the script compressed it. */
  sent: number;
  /** Content-Encoding of the response (`br`, `gzip`) or '' when sent as is. */
  encoding: string;
  failed?: string;
}

interface RequestWillBeSent {
  requestId: string;
  timestamp: number;
  type?: string;
  request: {
    url: string;
    method: string;
    postData?: string;
    hasPostData?: boolean;
    postDataEntries?: { bytes?: string }[];
  };
}

const bodyBytes = (r: RequestWillBeSent['request']) => {
  if (r.postDataEntries?.length)
    return r.postDataEntries.reduce((n, e) => n + (e.bytes ? Buffer.from(e.bytes, 'base64').length : 0), 0);
  return r.postData ? Buffer.byteLength(r.postData) : 0;
};

export interface NetworkLog {
  entries: NetworkEntry[];
}

/** Starts recording; the log fills as the page runs. Call before navigating. */
export async function recordNetwork(cdp: CDPSession): Promise<NetworkLog> {
  const byId = new Map<string, NetworkEntry>();
  const log: NetworkLog = { entries: [] };
  cdp.on('Network.requestWillBeSent', (e: RequestWillBeSent) => {
    if (e.request.url.startsWith('data:')) return;
    const entry: NetworkEntry = {
      url: e.request.url,
      origin: new URL(e.request.url).origin,
      method: e.request.method,
      type: e.type ?? 'Other',
      start: e.timestamp,
      received: 0,
      sent: bodyBytes(e.request),
      encoding: '',
    };
    byId.set(e.requestId, entry);
    log.entries.push(entry);
  });
  cdp.on(
    'Network.responseReceived',
    (e: { requestId: string; response: { status: number; headers: Record<string, string> } }) => {
      const entry = byId.get(e.requestId);
      if (!entry) return;
      entry.status = e.response.status;
      const headers = Object.fromEntries(Object.entries(e.response.headers).map(([k, v]) => [k.toLowerCase(), v]));
      entry.encoding = headers['content-encoding'] ?? '';
    },
  );
  cdp.on('Network.loadingFinished', (e: { requestId: string; timestamp: number; encodedDataLength: number }) => {
    const entry = byId.get(e.requestId);
    if (!entry) return;
    entry.end = e.timestamp;
    entry.received = e.encodedDataLength;
  });
  cdp.on('Network.loadingFailed', (e: { requestId: string; timestamp: number; errorText: string }) => {
    const entry = byId.get(e.requestId);
    if (!entry) return;
    entry.end = e.timestamp;
    entry.failed = e.errorText;
  });
  await cdp.send('Network.enable');
  return log;
}

/** Requests started before `until` (monotonic s), and what they received. */
export function tally(log: NetworkLog, until: number, origins?: readonly string[]) {
  const inWindow = log.entries.filter((e) => e.start <= until && (!origins || origins.includes(e.origin)));
  return {
    requests: inWindow.length,
    received: inWindow.filter((e) => e.end !== undefined && e.end <= until).reduce((n, e) => n + e.received, 0),
    sent: inWindow.reduce((n, e) => n + e.sent, 0),
  };
}
