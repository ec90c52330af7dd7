import type { EventFields } from '../event-fields.js';
import type { Hub } from '../hub.js';
import type { Page } from '../page.js';
import type { VitalsLoader } from '../vitals/vitals-module.js';

// The contract between the loader and the lazily loaded signals chunk (clicks, rage/dead/error
// clicks, JS and resource errors, engagement, and the start of Web Vitals). Two separate bundles: no member here may start with `_`
// (esbuild would mangle it differently in each).

export interface SignalsHost {
  /** The loader's emit (ids, session, page, consent, prompt triggers). */
  emit(fields: EventFields): void;
  /** The loader's hub (an EventTarget, so no mangled members cross the bundles). */
  hub: Hub;
  /** URL prefixes of Loupe's own files (their errors are not the site's). */
  self?: string[];
  clicks: boolean;
  errors: boolean;
  engagement: boolean;
  /** performance.now() when the signals started: engagement counts from there, not from the chunk's arrival. */
  started: number;
  /** The loader's scroll depth of this page view, in % (shared with the prompts' scroll rule). */
  depth(): number;
  /** Imports the Web Vitals chunk; absent when the vitals group is off. */
  vitals?: VitalsLoader;
  /** The page the document was loaded on: Web Vitals describe that navigation, not SPA routes. */
  landing: Page;
  /** `error` / `unhandledrejection` events that fired before the chunk was ready, oldest first. */
  early: Event[];
}

export interface SignalsChunk {
  /** Starts the groups asked for; returns the function that removes every listener and timer. */
  start(host: SignalsHost): () => void;
}

export type SignalsLoader = () => Promise<SignalsChunk>;
