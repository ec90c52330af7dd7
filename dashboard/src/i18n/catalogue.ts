import { en, type MessageKey, type Messages } from './en.js';

/**
 * The languages the dashboard speaks. English is built in; another language is one more file of
 * the same shape, added here (they are small enough to ship with the shell).
 */
const CATALOGUES: Record<string, Messages> = { en };

export const locale = 'en';
let messages: Messages = CATALOGUES[locale]!;

/** Switches the catalogue (tests and, later, a language menu); unknown languages keep English. */
export function useCatalogue(lang: string): void {
  messages = CATALOGUES[lang] ?? en;
}

/** The message `key` with `{name}` placeholders filled in. Values are text, never markup. */
export function t(key: MessageKey, values?: Record<string, string | number>): string {
  const text = messages[key] ?? en[key];
  if (!values) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}
