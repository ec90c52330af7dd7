import { RTL_LANGUAGES } from '@loupe/shared/constants';
import { ar } from './ar.js';
import { da } from './da.js';
import { en } from './en.js';
import type { Messages } from './messages.js';
import { th } from './th.js';
import { vi } from './vi.js';

const catalogues: Record<string, Messages> = { en, vi, da, th, ar };

/** A language tag's primary subtag, lower case: `pt-BR` → `pt`. */
export const primary = (tag: string) => tag.toLowerCase().split('-')[0]!;

/** The built-in strings for a language tag (by its primary subtag), falling back to English. */
export function messagesFor(tag: string): Messages {
  return catalogues[primary(tag)] || en;
}

export function isRtl(tag: string): boolean {
  return (RTL_LANGUAGES as readonly string[]).includes(primary(tag));
}
