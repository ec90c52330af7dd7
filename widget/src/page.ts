/**
 * The current page view: every event is attributed to it, until the next page view. Wire names,
 * so the core spreads it into each event and the signals chunk can read it. As the browser has it:
 * the transport scrubs every event before it leaves.
 */
export interface Page {
  url: string;
  path: string;
  referrer?: string;
}

/** Hash routers (`data-routing="hash"`) keep the route in the fragment: `/#/cart`. */
export function currentPage(hashRouting?: boolean, referrer?: string): Page {
  return {
    url: location.href,
    path: location.pathname + (hashRouting ? location.hash : ''),
    referrer: referrer || undefined,
  };
}
