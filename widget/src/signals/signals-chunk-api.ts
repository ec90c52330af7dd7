import type { EventFields } from '../event-fields.js';
import type { HubTopic } from '../hub.js';

// The contract between the loader and the lazily loaded signals chunk (clicks, rage/dead/error
// clicks, JS and resource errors). Two separate bundles: no member here may start with `_`
// (esbuild would mangle it differently in each).

export interface SignalsHost {
  /** The loader's emit (ids, session, page, consent, prompt triggers). */
  emit(fields: EventFields): void;
  /** Hub subscription; returns the unsubscribe function. */
  sub(topic: HubTopic, fn: (arg?: string) => void): () => void;
  pub(topic: HubTopic): void;
  /** URL prefixes of Loupe's own files (their errors are not the site's). */
  self?: string[];
  clicks: boolean;
  errors: boolean;
  /** `error` / `unhandledrejection` events that fired before the chunk was ready, oldest first. */
  early: Event[];
}

export interface SignalsChunk {
  /** Starts the groups asked for; returns the function that removes every listener and timer. */
  start(host: SignalsHost): () => void;
}

export type SignalsLoader = () => Promise<SignalsChunk>;
