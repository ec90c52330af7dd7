import { toPublicPrompt } from '@loupe/shared/public-prompt';
import type { Core } from '../core.js';
import type { PromptChunk } from '../prompts/prompt-chunk-api.js';
import { promptGates } from '../prompts/prompt-gates.js';
import { explain } from '../prompts/why-chunk.js';
import type { PreviewAnswer, PreviewRequest, WhyRequest } from './preview-messages.js';

/**
 * The studio's live preview (`/preview/prompt.html`, framed by the dashboard): renders a prompt
 * definition with the real prompt chunk, the very file visitors download, mounted in preview mode
 * (it records and sends nothing, and never takes focus from the form being typed in); and answers
 * "why isn't it showing?" with the loader's own rules (promptGates) and the `why` sentences.
 * Built with the loader's renaming of `_` members (build.mjs), so the Core below fits the chunk.
 */

const answer = (message: PreviewAnswer) => parent.postMessage(message, location.origin);

let chunk: Promise<PromptChunk> | undefined;
let unmount: (() => void) | undefined;
let last: PreviewRequest | undefined;

/** A Core that sends nothing: the chunk reads the languages, takes a display id and emits into the void. */
const previewCore = (language: string): Core =>
  ({
    _cfg: { key: '', api: '', disable: [], _endpoint: '', _langs: [language] },
    _emit() {},
    _uuid: () => 'preview',
  }) as unknown as Core;

const publicPrompt = (p: PreviewRequest['prompt'], siteAppearance?: PreviewRequest['siteAppearance']) =>
  toPublicPrompt(
    'preview',
    {
      ...p,
      targeting: p.targeting ?? {},
      frequency: p.frequency ?? { mode: 'until_answered', dismissWaitDays: 0, ignoreGlobalCooldown: false },
    } as never,
    siteAppearance,
  );

/** Shown for a question not typed yet. */
const UNTYPED_QUESTION = '…';

/**
 * The studio previews a definition as the owner types it, so a question may still be empty; the
 * dialog and its scale take their accessible names from the question, and a nameless dialog is an
 * accessibility fault even in a preview. Visitors never meet one: the API requires every question.
 */
const withQuestions = (texts: PreviewRequest['prompt']['texts']): PreviewRequest['prompt']['texts'] =>
  Object.fromEntries(
    Object.entries(texts).map(([language, t]) => [
      language,
      t && typeof t === 'object' && !String(t.question ?? '').trim() ? { ...t, question: UNTYPED_QUESTION } : t,
    ]),
  );

async function render(request: PreviewRequest): Promise<void> {
  const texts = request.prompt?.texts;
  if (!texts || typeof texts !== 'object' || !Object.keys(texts).length)
    throw new Error('prompt.texts: at least one language is required');
  last = request;
  const prompt = publicPrompt({ ...request.prompt, texts: withQuestions(texts) }, request.siteAppearance);
  if (request.theme) prompt.appearance = { ...prompt.appearance, theme: request.theme };
  document.documentElement.dir = request.dir || 'ltr';
  document.documentElement.style.colorScheme = request.theme || 'light';
  document.body.style.background = request.theme === 'dark' ? '#111827' : '#f3f4f6';
  chunk ??= import(new URL(`../${__PROMPT_CHUNK__}`, import.meta.url).href) as Promise<PromptChunk>;
  const ui = await chunk;
  const core = previewCore(request.language || prompt.defaultLanguage);
  // Its language's strings first, so the prompt is rendered when `rendered` is answered.
  await ui.loadMessages(prompt, core._cfg._langs);
  if (last !== request) return; // a newer definition arrived while the chunk or its strings loaded
  unmount?.();
  unmount = ui.mount(
    core,
    prompt,
    () => {}, // a preview records nothing (the chunk does not call it)
    () => {
      unmount = undefined;
      answer({ type: 'loupe:preview-closed' });
    },
    'preview',
  );
  answer({ type: 'loupe:preview-ready', rendered: true });
}

function why(request: WhyRequest): void {
  const source = request.prompt ?? last?.prompt;
  if (!source) throw new Error('no prompt to explain: send loupe:preview first, or a prompt with loupe:why');
  const prompt = publicPrompt(source, last?.siteAppearance);
  const url = new URL(request.url, location.origin);
  const state = { r: 0, p: {} };
  const gates = promptGates(prompt, {
    _path: url.pathname,
    _search: url.search,
    _device: request.device,
    _language: request.language || prompt.defaultLanguage,
    _state: state,
    _session: { i: '', v: 1, ...(request.traits ? { c: request.traits } : {}) },
    _now: Date.now(),
    _cooldownDays: 0,
    _secondsOnPage: 0,
    _scrollDepth: 0,
    _exitIntent: false,
    _hidden: false,
  })
    // A fresh visitor's sample draw is chance: only a 0 % sample always holds the prompt back.
    .filter(([code]) => code !== 'S' || prompt.targeting.samplePercent === 0);
  const { eligible, reasons } = explain({ id: 'preview', prompt, gates });
  answer({ type: 'loupe:why-result', eligible, reasons });
}

addEventListener('message', (e: MessageEvent<PreviewRequest | WhyRequest>) => {
  if (e.origin !== location.origin || e.source !== parent || !e.data || typeof e.data !== 'object') return;
  const fail = (err: unknown) =>
    answer({ type: 'loupe:preview-error', message: String((err as Error)?.message ?? err) });
  try {
    if (e.data.type === 'loupe:preview') render(e.data).catch(fail);
    else if (e.data.type === 'loupe:why') why(e.data);
  } catch (err) {
    fail(err);
  }
});
answer({ type: 'loupe:preview-ready', rendered: false });
