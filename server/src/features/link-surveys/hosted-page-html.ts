import { linkPageMessagesFor } from '@loupe/shared';
import { isRtlLanguage } from './rtl-language.js';

/** What the hosted page's script reads from the page (the `loupe-link` JSON island). */
export interface HostedPageData {
  prompt: unknown;
  /** The score the link chose, when it is on the prompt's scale. */
  score: number | null;
  token: string | null;
  channel: 'qr' | 'link' | null;
  answersUrl: string;
  language: string | null;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);

/**
 * JSON inside <script type="application/json">: never executed (so the strict CSP allows it), and
 * no `<`, `>`, `&` or line separator left in it, so no stored text can end the element or be
 * read as markup: the browser hands the script exactly these characters.
 */
const jsonIsland = (data: unknown) =>
  JSON.stringify(data).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

const head = (title: string) =>
  '<meta charset="utf-8">' +
  '<meta name="viewport" content="width=device-width, initial-scale=1">' +
  // A link's token is in its URL: no referrer carries it anywhere, and no search engine keeps it.
  '<meta name="referrer" content="no-referrer">' +
  '<meta name="robots" content="noindex, nofollow">' +
  '<meta name="color-scheme" content="light dark">' +
  `<title>${escapeHtml(title)}</title>` +
  '<link rel="stylesheet" href="/link/page.css">';

/** `lang` and `dir` attributes for text in a language tag. */
const langAttrs = (language: string) =>
  `lang="${escapeHtml(language)}" dir="${isRtlLanguage(language) ? 'rtl' : 'ltr'}"`;

/**
 * The hosted page: the question as its title, the prompt drawn by the widget's own prompt chunk.
 * Its own no-JavaScript text is in the prompt's language where the page's chrome has it
 * (shared/src/link-page-messages.ts), else in English, marked as such.
 */
export function hostedPageHtml(question: string, language: string, data: HostedPageData): string {
  const chrome = linkPageMessagesFor(language);
  const noScriptLang = chrome.language === language ? '' : ` ${langAttrs(chrome.language)}`;
  return (
    `<!doctype html><html ${langAttrs(language)}><head>${head(question)}` +
    '<script type="module" src="/link/page.js"></script></head>' +
    `<body class="hosted"><main id="main"><h1 class="visually-hidden">${escapeHtml(question)}</h1>` +
    `<noscript><p class="notice"${noScriptLang}>${escapeHtml(chrome.messages.noScript)}</p></noscript></main>` +
    `<script type="application/json" id="loupe-link">${jsonIsland(data)}</script></body></html>`
  );
}

/**
 * A friendly page for a link that leads nowhere (404) or no longer (410), in the given language
 * where the page's chrome has it (else English), right to left for Arabic and the like.
 */
export function noticePageHtml(status: 404 | 410, language: string): string {
  const chrome = linkPageMessagesFor(language);
  const m = chrome.messages;
  const [title, text] = status === 404 ? [m.notFoundTitle, m.notFoundText] : [m.closedTitle, m.closedText];
  return (
    `<!doctype html><html ${langAttrs(chrome.language)}><head>${head(title)}</head>` +
    `<body class="hosted"><main id="main" class="notice-page"><h1>${escapeHtml(title)}</h1>` +
    `<p>${escapeHtml(text)}</p></main></body></html>`
  );
}
