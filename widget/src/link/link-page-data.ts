import type { PublicPrompt } from '@loupe/shared';

/** What the server puts in the hosted page's `loupe-link` JSON island (server: hosted-page-html.ts). */
export interface LinkPageData {
  prompt: PublicPrompt;
  /** The link's score, when on the scale: chosen and recorded as the page opens. */
  score: number | null;
  token: string | null;
  channel: 'qr' | 'link' | null;
  answersUrl: string;
  /** `?lang=`: the language to show before the browser's own. */
  language: string | null;
}
