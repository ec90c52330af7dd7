import { urlRulePattern } from '@loupe/shared/url-rule-pattern';
import type { DraftRule } from './prompt-draft.js';

export interface UrlVerdict {
  include: (boolean | undefined)[];
  exclude: (boolean | undefined)[];
  /** 'shown' when the page is targeted, else why not. */
  result: 'shown' | 'excluded' | 'notIncluded' | 'invalid';
}

/**
 * Whether a pasted URL (or path) is targeted by the rules, with the server's own compilation of
 * each rule and the widget's matching (decoded path plus query): the tester and the prompt agree.
 */
export function testUrl(input: string, include: DraftRule[], exclude: DraftRule[]): UrlVerdict | undefined {
  const text = input.trim();
  if (!text) return undefined;
  let path: string;
  let search: string;
  try {
    const url = new URL(text, 'https://example.invalid');
    path = url.pathname;
    search = url.search;
  } catch {
    return { include: [], exclude: [], result: 'invalid' };
  }
  try {
    path = decodeURI(path);
  } catch {
    // malformed escapes: the widget matches the raw path too
  }
  const test = (r: DraftRule): boolean | undefined => {
    if (!r.value) return undefined;
    try {
      return new RegExp(urlRulePattern(r)).test(path + search);
    } catch {
      return undefined;
    }
  };
  const inc = include.map(test);
  const exc = exclude.map(test);
  const result = exc.some(Boolean) ? 'excluded' : include.length > 0 && !inc.some(Boolean) ? 'notIncluded' : 'shown';
  return { include: inc, exclude: exc, result };
}
