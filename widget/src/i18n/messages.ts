/** Built-in UI strings of the prompt; the site's own texts (question, follow-up, thanks) come from its config. */
export interface Messages {
  close: string;
  send: string;
  /** Shown when the prompt has no thank-you text of its own. */
  thanks: string;
  /** Scale end labels per kind: [lowest score, highest score]. */
  nps: [string, string];
  csat: [string, string];
  ces: [string, string];
}
