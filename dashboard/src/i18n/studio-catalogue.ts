import { locale } from './catalogue.js';
import { studioEn, type StudioKey } from './studio-en.js';

/**
 * The management views' messages (prompts, site settings, people). They ship with those views'
 * chunks rather than with the shell, so the overview's download does not carry them; another
 * language is one more file of the same shape, registered here.
 */
const CATALOGUES: Record<string, Record<StudioKey, string>> = { en: studioEn };

/** The message `key` with `{name}` placeholders filled in. Values are text, never markup. */
export function st(key: StudioKey, values?: Record<string, string | number>): string {
  const text = CATALOGUES[locale]?.[key] ?? studioEn[key];
  if (!values) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}
