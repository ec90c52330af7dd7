import { RTL_LANGUAGES } from '@loupe/shared';

/** Whether a language tag (by its primary subtag) is written right to left. */
export const isRtlLanguage = (tag: string): boolean =>
  (RTL_LANGUAGES as readonly string[]).includes(tag.toLowerCase().split('-')[0]!);
