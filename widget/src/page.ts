import { MAX_PATH_LENGTH, MAX_URL_LENGTH } from '@loupe/shared/constants';
import { clip, scrubUrl } from './scrub.js';

/**
 * The current page view: every event is attributed to it, until the next page view. Wire names,
 * so the core spreads it into each event and the signals chunk can read it.
 */
export interface Page {
  url: string;
  path: string;
  referrer?: string;
}

/** Hash routers (`data-routing="hash"`) keep the route in the fragment: `/#/cart`. */
export function currentPage(hashRouting?: boolean, referrer?: string): Page {
  return {
    url: clip(scrubUrl(location.href), MAX_URL_LENGTH)!,
    path: clip(scrubUrl(location.pathname + (hashRouting ? location.hash : '')), MAX_PATH_LENGTH)!,
    referrer: clip(scrubUrl(referrer || ''), MAX_URL_LENGTH),
  };
}
