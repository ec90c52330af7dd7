/**
 * Request body limits, right-sized per route: a body is read only after its sender is authenticated
 * (plugins/auth.ts), and never more than its route can need. Over the limit: 413 body_too_large.
 */
export const BODY_LIMITS = {
  /** The app-wide default: any route not listed below (no route needs more). */
  default: 64 * 1024,
  /** A prompt definition: texts in many languages and URL rules fit with room to spare. */
  prompt: 64 * 1024,
  /** A new site with its allowed origins. */
  site: 64 * 1024,
  /** A response's status and note (2,000 characters, up to 4 bytes each, escaped). */
  responsePatch: 16 * 1024,
  /** A webhook endpoint: a URL of up to 2,048 characters and its event types. */
  webhook: 8 * 1024,
  /** Login, setup, settings, one origin, a rename: a few short members. */
  small: 4 * 1024,
} as const;
