/**
 * Page-hide delivery. `sendBeacon` survives the page but refuses payloads over its quota
 * (64 KiB in flight in Chromium), so a refused batch is halved until it fits, and a single event
 * it still refuses goes by keepalive `fetch`. Nothing here is awaited: the page is going away.
 */
export function sendBeacon<T>(endpoint: string, items: T[], body: (items: T[]) => string): void {
  if (!items.length) return;
  const payload = body(items);
  if (navigator.sendBeacon && navigator.sendBeacon(endpoint, payload)) return;
  if (items.length > 1) {
    const half = items.length >> 1;
    sendBeacon(endpoint, items.slice(0, half), body);
    sendBeacon(endpoint, items.slice(half), body);
  } else {
    post(endpoint, payload).then(readBody, () => {});
  }
}

/** Every POST to the collect endpoint: no cookies, and `keepalive`, so it outlives the page. */
export const post = (endpoint: string, body: string) =>
  fetch(endpoint, { method: 'POST', body, keepalive: true, credentials: 'omit' });

/**
 * Every answer to a `post` must be read to its end ('' if that fails). Chromium counts a keepalive
 * request's body against its 64 KiB keepalive quota (which `sendBeacon` shares) until the answer's
 * body has been read, not until the answer arrives: left unread, the answers to four full batches
 * made every later batch and page-hide beacon fail at once, until a garbage collection freed them.
 */
export const readBody = (res: Response): Promise<string> => res.text().catch(() => '');
