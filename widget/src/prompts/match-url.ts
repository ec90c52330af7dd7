import type { PublicTargeting, PublicUrlRule } from '@loupe/shared';
import type { Gate } from './why-chunk-api.js';

/**
 * One URL rule (compiled by the server: shared/src/url-rule-pattern.ts) against the page's path,
 * percent-decoded, followed by its query. Never throws: a pattern that does not compile (the
 * server refuses such rules, but configs can be hand-edited) matches nothing.
 */
export function matchUrl({ pattern }: PublicUrlRule, path: string, search: string): boolean {
  try {
    path = decodeURI(path);
  } catch {
    // malformed escapes: match the raw path
  }
  try {
    return new RegExp(pattern).test(path + search);
  } catch {
    return false;
  }
}

/** The gate of the URL rules, or '' when this page is targeted. Exclusions win over inclusions. */
export function urlGate(t: PublicTargeting, path: string, search: string): Gate | '' {
  const hit = (r: PublicUrlRule) => matchUrl(r, path, search);
  const ex = t.exclude.find(hit);
  return ex ? ['X', path, ex] : t.include.length && !t.include.some(hit) ? ['I', path] : '';
}
