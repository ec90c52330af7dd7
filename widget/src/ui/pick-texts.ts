import type { PromptTexts, PublicPrompt } from '@loupe/shared';
import { primary } from '../i18n/messages-for.js';

/**
 * The prompt's texts in the visitor's language: for each visitor language in order of preference,
 * an exact tag, then the same primary language (`pt-BR` ↔ `pt`, `pt-PT`); finally the prompt's
 * default language. Returns the chosen tag too: the UI strings and direction follow it, so the
 * built-in labels never mix languages with the question.
 */
export function pickTexts(prompt: PublicPrompt, langs: string[]): [string, PromptTexts] {
  const keys = Object.keys(prompt.texts);
  const lower = (k: string) => k.toLowerCase();
  for (const l of langs.map(lower)) {
    const key = keys.find((k) => lower(k) === l) || keys.find((k) => primary(k) === primary(l));
    if (key) return [key, prompt.texts[key]!];
  }
  const key = keys.find((k) => lower(k) === lower(prompt.defaultLanguage)) || keys[0]!;
  return [key, prompt.texts[key]!];
}
