import { LINK_PAGE_PATH, type PromptLinks, type PublicPrompt, SCORE_RANGES } from '@loupe/shared';
import { escapeHtml } from './hosted-page-html.js';

/** Where each recipient's token goes when the caller did not give one. */
export const TOKEN_PLACEHOLDER = '{{LOUPE_TOKEN}}';

/** The scale's end labels when the prompt has none of its own (the widget's English ones). */
const DEFAULT_ENDS: Record<PublicPrompt['kind'], [string, string]> = {
  nps: ['Not at all likely', 'Extremely likely'],
  csat: ['Very dissatisfied', 'Very satisfied'],
  ces: ['Very difficult', 'Very easy'],
};

/**
 * The one-click score links of a prompt for an e-mail: each opens the hosted page with its score
 * chosen. The HTML is a table of plain links with inline styles (what mail clients render), every
 * text escaped; the plain-text part lists one link per line.
 */
export function promptLinkSnippet(base: string, prompt: PublicPrompt, token: string | undefined): PromptLinks {
  const page = `${base}${LINK_PAGE_PATH}/${encodeURIComponent(prompt.id)}`;
  const t = token === undefined ? TOKEN_PLACEHOLDER : encodeURIComponent(token);
  const texts = prompt.texts[prompt.defaultLanguage] ?? Object.values(prompt.texts)[0];
  const question = texts?.question ?? '';
  const [low, high] = [
    texts?.lowLabel || DEFAULT_ENDS[prompt.kind][0],
    texts?.highLabel || DEFAULT_ENDS[prompt.kind][1],
  ];
  const [min, max] = SCORE_RANGES[prompt.kind];
  const scale = Array.from({ length: max - min + 1 }, (_, i) => {
    const score = min + i;
    const label = score === min ? low : score === max ? high : undefined;
    return { score, url: `${page}?score=${score}&t=${t}`, ...(label ? { label } : {}) };
  });
  const cell =
    'display:inline-block;min-width:32px;padding:8px 0;border:1px solid #d1d5db;border-radius:6px;' +
    'color:#111827;text-align:center;text-decoration:none;font:600 15px/1.2 system-ui,sans-serif';
  const html =
    `<table role="presentation" cellpadding="0" cellspacing="0" style="border-collapse:collapse">` +
    `<tr><td colspan="${scale.length}" style="padding:0 0 8px;font:600 16px/1.4 system-ui,sans-serif">${escapeHtml(question)}</td></tr>` +
    `<tr>${scale
      .map(
        (s) =>
          `<td style="padding:2px"><a href="${escapeHtml(s.url)}" style="${cell}"${s.label ? ` title="${escapeHtml(s.label)}"` : ''}>${s.score}</a></td>`,
      )
      .join('')}</tr>` +
    `<tr><td colspan="${Math.ceil(scale.length / 2)}" style="padding:4px 0 0;font:13px system-ui,sans-serif;color:#4b5563">${escapeHtml(low)}</td>` +
    `<td colspan="${Math.floor(scale.length / 2)}" style="padding:4px 0 0;font:13px system-ui,sans-serif;color:#4b5563;text-align:right">${escapeHtml(high)}</td></tr>` +
    '</table>';
  const text = [question, '', ...scale.map((s) => `${s.score}${s.label ? ` (${s.label})` : ''}: ${s.url}`)].join('\n');
  return {
    publicUrl: page,
    qrUrl: `${page}?c=qr`,
    scale,
    html,
    text,
    tokenPlaceholder: token === undefined ? TOKEN_PLACEHOLDER : null,
  };
}
