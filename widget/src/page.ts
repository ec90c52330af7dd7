import { MAX_PATH_LENGTH, MAX_URL_LENGTH } from '@loupe/shared/constants';
import { clip, scrubUrl } from './scrub.js';

/** The current page view: every event is attributed to it, until the next page view. */
export interface Page {
  _url: string;
  _path: string;
  _referrer?: string;
}

/** Hash routers (`data-routing="hash"`) keep the route in the fragment: `/#/cart`. */
export function currentPage(hashRouting?: boolean, referrer?: string): Page {
  return {
    _url: clip(scrubUrl(location.href), MAX_URL_LENGTH)!,
    _path: clip(scrubUrl(location.pathname + (hashRouting ? location.hash : '')), MAX_PATH_LENGTH)!,
    _referrer: clip(scrubUrl(referrer || ''), MAX_URL_LENGTH),
  };
}
