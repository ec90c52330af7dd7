import { SCORE_RANGES } from '@loupe/shared/constants';
import { linkPageMessagesFor } from '@loupe/shared/link-page-messages';
import type { Core } from '../core.js';
import { isRtl } from '../i18n/messages-for.js';
import type { PromptAnswer, PromptChunk } from '../prompts/prompt-chunk-api.js';
import { pickTexts } from '../ui/pick-texts.js';
import { uuid } from '../uuid.js';
import { answerSender } from './answer-sender.js';
import type { LinkPageData } from './link-page-data.js';

/**
 * The hosted page of a link survey (`/s/<promptId>`, served by the server with its data in a JSON
 * island): mounts the widget's own prompt chunk, the very file visitors of the site download,
 * full-page, and posts every answer to the page's answers URL. Opening the page records nothing
 * by itself; with a score in the link, this script chooses it as the person would, which records it
 * and opens the follow-up.
 *
 * Mail scanners open every link of an e-mail before the person does. Most (Outlook Safe Links'
 * prefetch, Proofpoint, Mimecast, chat link previews) only GET or HEAD it and run no script, so
 * they store nothing: the server records only what this script posts. Sandboxes that render the
 * page run in an automated browser, which says so in `navigator.webdriver` (WebDriver, Puppeteer,
 * Playwright, headless Chrome): there the link's score is focused, not chosen, and nothing is
 * sent until someone actually chooses. A person's browser chooses it once the page is visible. Built with the loader's renaming of `_` members (build.mjs), so the
 * Core below fits the chunk. Every text is rendered as text (text nodes in the chunk, textContent here).
 */

const data = JSON.parse(document.getElementById('loupe-link')!.textContent!) as LinkPageData;
const main = document.getElementById('main')!;
const { prompt } = data;
const langs = [data.language, ...navigator.languages].filter((l): l is string => !!l);
const [lang, texts] = pickTexts(prompt, langs);
document.documentElement.lang = lang;
document.documentElement.dir = isRtl(lang) ? 'rtl' : 'ltr';
const { theme } = prompt.appearance;
if (theme === 'light' || theme === 'dark') document.documentElement.dataset.theme = theme;
// The page's own strings, in the prompt's language where they have it, else English (marked so).
const chrome = linkPageMessagesFor(lang);

/** A message in the page itself, under the prompt (a status, so screen readers say it). */
function notice(text: string, language = lang): void {
  const p = document.createElement('p');
  p.className = 'notice';
  p.setAttribute('role', 'status');
  if (language !== lang) {
    p.lang = language;
    p.dir = isRtl(language) ? 'rtl' : 'ltr';
  }
  p.textContent = text;
  main.append(p);
}

const send = answerSender(
  data.answersUrl,
  {
    ...(data.token ? { t: data.token } : { answerId: uuid() }),
    ...(data.channel ? { channel: data.channel } : {}),
    language: lang,
  },
  () => notice(chrome.messages.sendFailed, chrome.language),
);

/** A Core that sends only the answers, to this page's own server; nothing else is recorded. */
const core = {
  _cfg: { key: '', api: '', disable: [], _endpoint: '', _langs: [lang] },
  _uuid: uuid,
  _emit(fields: PromptAnswer) {
    if (fields.type === 'response')
      send({ score: fields.score, ...(fields.comment ? { comment: fields.comment } : {}) });
  },
} as unknown as Core;

async function start(): Promise<void> {
  const chunk = (await import(new URL(`../${__PROMPT_CHUNK__}`, import.meta.url).href)) as PromptChunk;
  // Loaded first, so the prompt is in the page when mount() returns (its radios are looked up below).
  const messages = await chunk.loadMessages(prompt, [lang]);
  chunk.mount(
    core,
    // Full-page: the prompt in the middle of the window, whatever corner it takes on the site.
    { ...prompt, appearance: { ...prompt.appearance, position: 'center' } },
    // The frequency rules' record: the hosted page keeps nothing in the browser.
    () => {},
    // Closed (the × or Escape) or the thank-you has ended: the thanks stay on the page.
    () => notice(texts.thanks || messages.thanks),
    // Asked for (the person opened the link): focus moves into the prompt.
    'show',
  );

  const radios = document.querySelector('loupe-prompt')?.shadowRoot?.querySelectorAll<HTMLElement>('[role="radio"]');
  if (!radios?.length) return;
  const [min] = SCORE_RANGES[prompt.kind];
  const chosen = data.score === null ? undefined : radios[data.score - min];
  // Focus inside first, so the card moves it on to the follow-up question like a person's choice.
  (chosen ?? radios[0]!).focus();
  if (!chosen || navigator.webdriver) return;
  // Chosen once a person can see the page: not while it is prerendered or in a background tab.
  const choose = () => {
    if (document.visibilityState !== 'visible') return;
    removeEventListener('visibilitychange', choose);
    chosen.click();
  };
  addEventListener('visibilitychange', choose);
  choose();
}

start().catch(() => notice(chrome.messages.loadFailed, chrome.language));
