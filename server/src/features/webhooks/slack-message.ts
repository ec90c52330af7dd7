import type { ResponseItem } from '@loupe/shared';
import type { ErrorGroupItem, EventData } from './webhook-payload.js';

/**
 * A Slack incoming webhook's message for an event: a one-line `text` (notifications, and clients
 * without blocks) and Block Kit blocks. Visitors' words reach Slack as text: `&`, `<` and `>` are
 * escaped, so a comment cannot mention @channel, link, or format (Slack's "Escaping text").
 */
export function slackMessage(event: EventData | undefined, type: string, subject: string, links: SlackLinks): string {
  if (event === undefined)
    return JSON.stringify({ text: `Loupe: ${type} (${slackText(subject)}); it is no longer stored.` });
  switch (event.type) {
    case 'response.created':
    case 'response.updated':
      return JSON.stringify(responseMessage(event.type, event.data, links));
    case 'error.new':
      return JSON.stringify(errorMessage(event.data, links));
    case 'webhook.test':
      return JSON.stringify({ text: `Loupe: ${slackText(event.data.message)}` });
  }
}

export interface SlackLinks {
  /** The dashboard's address (LOUPE_PUBLIC_URL + /app), or undefined: no link then. */
  dashboard: string | undefined;
  siteId: string;
}

const slackText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const KIND = { nps: 'NPS', csat: 'CSAT', ces: 'CES' } as const;
const BAND = { promoter: '🟢 promoter', passive: '🟡 passive', detractor: '🔴 detractor' } as const;

function frictionChips(r: ResponseItem): string[] {
  const f = r.friction;
  const chips: [number, string][] = [
    [f.rageClicks, 'rage click'],
    [f.deadClicks, 'dead click'],
    [f.errorClicks, 'error click'],
    [f.jsErrors, 'JS error'],
  ];
  return chips.filter(([n]) => n > 0).map(([n, what]) => `\`${n} ${what}${n === 1 ? '' : 's'}\``);
}

function link(links: SlackLinks, view: string): string | undefined {
  return links.dashboard === undefined
    ? undefined
    : `${links.dashboard}/${view}?site=${encodeURIComponent(links.siteId)}`;
}

function responseMessage(type: string, r: ResponseItem, links: SlackLinks) {
  const band = BAND[r.segment];
  const head = `${type === 'response.created' ? 'New' : 'Updated'} ${KIND[r.kind]} answer: *${r.score}* (${band}) on \`${slackText(r.path)}\``;
  const blocks: unknown[] = [{ type: 'section', text: { type: 'mrkdwn', text: head } }];
  if (r.comment !== null)
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: `> ${slackText(r.comment).replace(/\n/g, '\n> ')}` },
    });
  const context = [...frictionChips(r), `${slackText(r.device)} · ${slackText(r.browser)} · ${slackText(r.language)}`];
  if (r.status === 'resolved') context.push('✅ resolved');
  if (r.note !== null) context.push(`note: ${slackText(r.note)}`);
  blocks.push({ type: 'context', elements: context.map((text) => ({ type: 'mrkdwn', text })) });
  const url = link(links, 'responses');
  if (url !== undefined) {
    blocks.push({
      type: 'actions',
      elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open in Loupe' }, url }],
    });
  }
  const comment = r.comment === null ? '' : `: “${slackText(r.comment.slice(0, 140))}”`;
  return { text: `${KIND[r.kind]} ${r.score} (${r.segment}) on ${slackText(r.path)}${comment}`, blocks };
}

function errorMessage(g: ErrorGroupItem, links: SlackLinks) {
  const head = `New error on \`${slackText(g.path)}\`: *${slackText(g.type)}*: ${slackText(g.message.slice(0, 500))}`;
  const top = g.stack[0];
  const blocks: unknown[] = [{ type: 'section', text: { type: 'mrkdwn', text: head } }];
  if (top !== undefined) {
    const where = [top.file, top.line, top.col].filter((x) => x !== undefined).join(':');
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `at \`${slackText(`${top.fn ?? '(anonymous)'} ${where}`.slice(0, 300))}\`` }],
    });
  }
  const url = link(links, 'errors');
  if (url !== undefined) {
    blocks.push({
      type: 'actions',
      elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open in Loupe' }, url }],
    });
  }
  return {
    text: `New error on ${slackText(g.path)}: ${slackText(g.type)}: ${slackText(g.message.slice(0, 140))}`,
    blocks,
  };
}
