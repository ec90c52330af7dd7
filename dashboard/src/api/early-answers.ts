/**
 * Requests started by the boot script (boot/boot.ts) before the app's code has even run, by URL.
 * The first `api()` GET of that URL takes the response under way instead of asking again; nothing
 * else reads them. This module is shared by the boot script and the app (one instance per page).
 */
const early = new Map<string, Promise<Response>>();

export function startEarly(url: string, start: () => Promise<Response>): void {
  if (early.has(url)) return;
  const response = start();
  // Whoever takes it handles a failure; one nobody takes must not be an unhandled rejection.
  response.catch(() => undefined);
  early.set(url, response);
}

/** The early response of `url`, once: later asks go to the network as usual. */
export function takeEarly(url: string): Promise<Response> | undefined {
  const response = early.get(url);
  early.delete(url);
  return response;
}
