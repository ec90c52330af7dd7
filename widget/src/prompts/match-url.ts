import type { Targeting, UrlRule } from '@loupe/shared';

/**
 * One URL rule against the page's path (percent-decoded) and query, as a regular expression:
 * `exact` ignores a trailing slash, `prefix` is startsWith, `wildcard` matches the whole path with
 * `*` as any run of characters; the query takes part when the rule has a `?` (`regex` and `prefix`
 * always see it). Never throws: a regex that does not compile (the server refuses them, but
 * configs can be hand-edited) matches nothing.
 */
export function matchUrl({ match, value }: UrlRule, path: string, search: string): boolean {
  try {
    path = decodeURI(path);
  } catch {
    // malformed escapes: match the raw path
  }
  try {
    return new RegExp(
      match == 'regex'
        ? value
        : `^${(match == 'exact' ? value.replace(/(.)\/$/, '$1') : value)
            .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
            .replace(/\*/g, match == 'wildcard' ? '.*' : '\\*')}${match == 'prefix' ? '' : match == 'exact' ? '/?$' : '$'}`,
    ).test(match == 'regex' || match == 'prefix' || value.includes('?') ? path + search : path);
  } catch {
    return false;
  }
}

/** Why this page is not targeted, or '' when it is. Exclusions win over inclusions. */
export function urlReason(t: Targeting, path: string, search: string): string {
  const hit = (r: UrlRule) => matchUrl(r, path, search);
  const ex = t.exclude.find(hit);
  return ex ? `page ${path} excluded by ${ex.match} ${ex.value}` : t.include.length && !t.include.some(hit) ? `page ${path} not included` : '';
}
