import type { LoupeEvent } from '@loupe/shared';
import { scrubTextThoroughly as scrubText, scrubUrlThoroughly as scrubUrl } from './scrub-hidden.js';

/**
 * Scrubs emails, card numbers, tokens, IP addresses and secret query parameters from every free-text or URL
 * field of a validated event, in place (the widget scrubs too; the server must not rely on it).
 * Ids, enums and numbers carry no free text and are left alone.
 */
export function scrubEvent(e: LoupeEvent): LoupeEvent {
  e.url = scrubUrl(e.url);
  e.path = scrubUrl(e.path);
  if (e.referrer !== undefined) e.referrer = scrubUrl(e.referrer);
  if (e.title !== undefined) e.title = scrubText(e.title);
  switch (e.type) {
    case 'click':
      e.selector = scrubText(e.selector);
      if (e.text !== undefined) e.text = scrubText(e.text);
      break;
    case 'error':
      e.message = scrubText(e.message);
      if (e.resource) e.resource.url = scrubUrl(e.resource.url);
      for (const f of e.frames ?? []) {
        if (f.file !== undefined) f.file = scrubUrl(f.file);
        if (f.fn !== undefined) f.fn = scrubText(f.fn);
      }
      break;
    case 'track':
      e.name = scrubText(e.name);
      if (e.props) {
        for (const [k, v] of Object.entries(e.props)) if (typeof v === 'string') e.props[k] = scrubText(v);
      }
      break;
    case 'response':
      if (e.comment !== undefined) e.comment = scrubText(e.comment);
      break;
    default:
      break;
  }
  return e;
}
