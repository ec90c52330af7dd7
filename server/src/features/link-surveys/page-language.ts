import type { PublicPrompt } from '@loupe/shared';
import { LINK_PAGE_LANGUAGES } from '@loupe/shared';

const primary = (tag: string) => tag.toLowerCase().split('-')[0]!;

/** The tags of an Accept-Language header, most wanted first (`*` and `q=0` left out). At most 20. */
export function acceptedLanguages(header: string | undefined): string[] {
  if (!header) return [];
  return header
    .slice(0, 1000)
    .split(',')
    .slice(0, 20)
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { tag: tag.trim(), q: q === undefined ? 1 : Number(q), i };
    })
    .filter((l) => /^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$/.test(l.tag) && l.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i)
    .map((l) => l.tag);
}

/**
 * The language of a prompt's hosted page, as its script chooses it (widget/src/ui/pick-texts.ts):
 * for each wanted language in order, an exact tag among the prompt's texts, then the same primary
 * language; finally the prompt's default language.
 */
export function promptPageLanguage(prompt: PublicPrompt, wanted: string[]): string {
  const keys = Object.keys(prompt.texts);
  const lower = (k: string) => k.toLowerCase();
  for (const l of wanted.map(lower)) {
    const key = keys.find((k) => lower(k) === l) || keys.find((k) => primary(k) === primary(l));
    if (key) return key;
  }
  return keys.find((k) => lower(k) === lower(prompt.defaultLanguage)) || keys[0] || prompt.defaultLanguage;
}

/** Without a prompt (an unknown or deleted one): the first wanted language the page's chrome is written in. */
export function chromeLanguage(wanted: string[]): string {
  return wanted.find((l) => LINK_PAGE_LANGUAGES.includes(primary(l))) ?? 'en';
}
