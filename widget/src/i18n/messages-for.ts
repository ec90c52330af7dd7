import { RTL_LANGUAGES } from '@loupe/shared/constants';
import { en } from './en.js';
import type { Messages } from './messages.js';

/**
 * The catalogues at hand: English is in the prompt chunk; every other one is a chunk of its own
 * (build.mjs), loaded by `withMessages` when a prompt is shown in that language, so a visitor
 * downloads the strings of one language, not of all five (docs/widget-bytes.md).
 */
const catalogues: Record<string, Messages> = { en };
const load: Record<string, () => Promise<Record<string, Messages>>> = {
  vi: () => import('./vi.js'),
  da: () => import('./da.js'),
  th: () => import('./th.js'),
  ar: () => import('./ar.js'),
};

/** A language tag's primary subtag, lower case: `pt-BR` → `pt`. */
export const primary = (tag: string) => tag.toLowerCase().split('-')[0]!;

/** The built-in strings for a language tag (by its primary subtag), English if that catalogue is not loaded. */
export function messagesFor(tag: string): Messages {
  return catalogues[primary(tag)] || en;
}

/**
 * Calls `then` once the built-in strings for `tag` are at hand: at once for English, a language
 * without a catalogue or one already loaded (so a prompt in them renders in the same task), else
 * after its chunk has loaded (English if it cannot be).
 */
export function withMessages(tag: string, then: () => void): void {
  const p = primary(tag);
  if (catalogues[p] || !load[p]) then();
  else
    load[p]()
      .then(
        (m) => (catalogues[p] = m[p]!),
        () => {},
      )
      .then(then);
}

export function isRtl(tag: string): boolean {
  return (RTL_LANGUAGES as readonly string[]).includes(primary(tag));
}
