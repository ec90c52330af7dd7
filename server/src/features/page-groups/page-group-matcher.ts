import { urlRulePattern } from '@loupe/shared';

export interface GroupPattern {
  id: string;
  name: string;
  match: 'exact' | 'prefix' | 'wildcard';
  pattern: string;
}

/**
 * Which page group a path belongs to: the first group, in the order given, whose pattern matches
 * (the prompts' URL rule compilation, so a pattern means the same in both places). Built once per
 * read; each distinct path is tested once.
 */
export function pageGroupMatcher<G extends GroupPattern>(groups: readonly G[]): (path: string) => G | null {
  const compiled = groups.map((g) => ({ g, re: new RegExp(urlRulePattern({ match: g.match, value: g.pattern })) }));
  return (path) => compiled.find((c) => c.re.test(path))?.g ?? null;
}
