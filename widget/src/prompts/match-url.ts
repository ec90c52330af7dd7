import type { Targeting, UrlRule } from '@loupe/shared';

const REGEX_CHARS = /[.+?^${}()|[\]\\]/g;
/** `/shop/` and `/shop` are the same page to a site owner; the root stays `/`. */
const noTrailingSlash = (s: string) => s.replace(/(.)\/$/, '$1');

/**
 * One URL rule against the page's path (percent-decoded) and query. Never throws: a regex that
 * does not compile (the server refuses them, but configs can be hand-edited) matches nothing.
 */
export function matchUrl({ match, value }: UrlRule, path: string, search: string): boolean {
  try {
    path = decodeURI(path);
  } catch {
    // malformed escapes: match the raw path
  }
  const full = path + search;
  const subject = value.includes('?') ? full : path;
  try {
    return match == 'regex'
      ? new RegExp(value).test(full)
      : match == 'prefix'
        ? full.startsWith(value)
        : match == 'exact'
          ? noTrailingSlash(subject) == noTrailingSlash(value)
          : new RegExp(`^${value.split('*').map((s) => s.replace(REGEX_CHARS, '\\$&')).join('.*')}$`).test(subject);
  } catch {
    return false;
  }
}

/** Why this page is not targeted, or '' when it is. Exclusions win over inclusions. */
export function urlReason(t: Targeting, path: string, search: string): string {
  const hit = (r: UrlRule) => matchUrl(r, path, search);
  const ex = t.exclude.find(hit);
  if (ex) return `page ${path} is excluded by ${ex.match} ${ex.value}`;
  return t.include.length && !t.include.some(hit) ? `page ${path} matches no include rule` : '';
}
