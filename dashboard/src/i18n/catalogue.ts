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

type PluralBase<K> = K extends `${infer B}_other` ? B : never;
/** Keys with plural forms (`x_one`, `x_other`, …), named without the suffix. */
export type PluralKey = PluralBase<MessageKey>;

const plurals = new Map<string, Intl.PluralRules>();

/**
 * The plural form of `key` for the count `n` (Intl.PluralRules of the catalogue's language: `one`
 * and `other` in English and Danish, only `other` in Vietnamese and Thai), with `{n}` filled in.
 */
export function tn(key: PluralKey, n: number, values: Record<string, string | number> = {}): string {
  let rules = plurals.get(locale);
  if (!rules) {
    rules = new Intl.PluralRules(locale);
    plurals.set(locale, rules);
  }
  const form = `${key}_${rules.select(n)}` as MessageKey;
  return t(form in messages ? form : (`${key}_other` as MessageKey), { n, ...values });
}

/** The message `key` with `{name}` placeholders filled in. Values are text, never markup. */
export function t(key: MessageKey, values?: Record<string, string | number>): string {
  const text = (messages as Record<string, string | undefined>)[key] ?? en[key];
  if (!values) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}
