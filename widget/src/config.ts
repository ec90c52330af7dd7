import { COLLECT_PATH, MAX_RELEASE_LENGTH, PUBLIC_KEY_PREFIX } from '@loupe/shared/constants';
import { warn } from './warn.js';

export const SIGNAL_GROUPS = ['pageviews', 'engagement', 'clicks', 'errors', 'vitals'] as const;
export type SignalGroup = (typeof SIGNAL_GROUPS)[number];

/** Options of `init()` for sites that bundle the widget; the script tag's data-* map onto them. */
export interface LoupeOptions {
  /** The site's public key, `pk_…`. */
  key: string;
  /** API base URL. The script tag defaults it to the origin the script was served from. */
  api: string;
  /** Signal groups to switch off (`data-disable="clicks vitals"`). */
  disable?: SignalGroup[];
  /** Count `#/route` changes as page views, for hash-based SPA routers (`data-routing="hash"`). */
  hashRouting?: boolean;
  /** Capture even when the browser sends Global Privacy Control / Do Not Track (`data-ignore-dnt`). */
  ignoreDnt?: boolean;
  /** Language of the prompts, overriding the page's `<html lang>` and the browser's languages (`data-lang`). */
  lang?: string;
  /** CSP nonce for the prompts' fallback `<style>` (`data-nonce`, else the script tag's own `nonce`). */
  nonce?: string;
  /**
   * The site's release, e.g. a version or commit (`data-release`): sent with page views only (the
   * server keeps it per session), so error rates can be read per release. Scrubbed; over 64 characters the
   * server drops it (the dev build warns).
   */
  release?: string;
  /**
   * Traits of the visitor, as `loupe('identify', <the session's customer id>, traits)` at start
   * (`data-loupe-traits`, JSON): up to 20 text, number or boolean values by name.
   */
  traits?: Record<string, string | number | boolean> | string;
}

/** The options as given (validated), plus what is derived from them once. */
export interface Config extends LoupeOptions {
  disable: SignalGroup[];
  /** The collect URL: `api` + /v1/collect. */
  _endpoint: string;
  /** Visitor languages, most preferred first: only `data-lang` when the site sets it, else `<html lang>` and the browser's. */
  _langs: string[];
  /** URL prefixes of Loupe's own files: errors thrown from them are never reported as the site's. */
  _self?: string[];
}

/** Validates options once, up front; `undefined` (plus a dev warning) when Loupe cannot run. */
export function normalizeConfig(options: LoupeOptions, self?: string[]): Config | undefined {
  const { key, api, disable = [] } = options;
  if (__DEV__) {
    for (const g of disable) if (!SIGNAL_GROUPS.includes(g)) warn(`unknown signal group "${g}"`);
    if (!URL.canParse?.(api)) warn('invalid API URL', api);
    const { release } = options;
    if (release !== undefined && (typeof release !== 'string' || release.length > MAX_RELEASE_LENGTH))
      warn(`release must be a string of at most ${MAX_RELEASE_LENGTH} characters; got`, release);
  }
  if (typeof key === 'string' && key.startsWith(PUBLIC_KEY_PREFIX)) {
    return {
      ...options,
      disable,
      // Any path prefix of `api` is kept: an API behind a reverse proxy at /loupe/ works.
      _endpoint: api.replace(/\/+$/, '') + COLLECT_PATH,
      // The site's word first (`data-lang`, which alone decides), then the page's own language
      // (`<html lang>`), then the browser's: a Vietnamese page asks in Vietnamese.
      _langs: options.lang
        ? [options.lang]
        : [document.documentElement.lang, ...(navigator.languages || [navigator.language])].filter(Boolean),
      _self: self,
    };
  }
  if (__DEV__) warn(`a public site key (${PUBLIC_KEY_PREFIX}…) is required; got`, key);
}

/** Reads the embed's data-* attributes; the API origin defaults to the script's own origin. */
export function optionsFromScript(script: HTMLScriptElement): LoupeOptions {
  const data = script.dataset;
  return {
    key: data.key!,
    api: data.api || new URL(script.src).origin,
    disable: data.disable ? (data.disable.split(/[\s,]+/) as SignalGroup[]) : undefined,
    hashRouting: data.routing === 'hash',
    ignoreDnt: data.ignoreDnt != null && data.ignoreDnt !== 'false',
    lang: data.lang,
    release: data.release,
    // `data-nonce` too: some CSP setups strip or hide the nonce attribute of a script after use.
    nonce: data.nonce || script.nonce,
    // JSON, parsed by identify (a bad one: a dev-build warning, ignored).
    traits: data.loupeTraits,
  };
}
