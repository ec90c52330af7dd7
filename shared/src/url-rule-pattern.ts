import type { UrlRule } from './prompts.js';

const escapeRegExp = (s: string) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&');

/**
 * A URL rule as the RegExp source the widget tests against the page's percent-decoded path plus
 * its query (`/pricing` + `?plan=pro`). Compiled on the server, once per config, so the loader
 * carries one `new RegExp(pattern).test(…)` instead of four matchers.
 *
 * - `exact` ignores a trailing slash; `wildcard` matches the whole path with `*` as any run of
 *   characters. Both ignore the query unless the rule has a `?`: they end where the query begins.
 * - `prefix` is startsWith over path and query; `regex` is the owner's expression, unanchored,
 *   over path and query.
 */
export function urlRulePattern({ match, value }: UrlRule): string {
  if (match === 'regex') return value;
  const query = value.includes('?');
  const body = escapeRegExp(match === 'exact' ? value.replace(/(.)\/$/, '$1') : value).replace(
    /\*/g,
    match !== 'wildcard' ? '\\*' : query ? '.*' : '[^?]*',
  );
  if (match === 'prefix') return `^${body}`;
  return `^${body}${match === 'exact' ? '/?' : ''}${query ? '$' : '(?:\\?|$)'}`;
}
