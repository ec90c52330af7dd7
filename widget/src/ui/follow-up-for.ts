import type { PromptTexts, PublicPrompt } from '@loupe/shared';
import { scoreBand } from './score-look.js';

/**
 * The follow-up question for a score: its band's text, else the default, else none (no comment
 * step). NPS asks detractors (0–6), passives (7–8) and promoters (9–10) apart (Bain); CSAT and
 * CES ask the high half of their scale ("satisfied" 4–5, "easy" 5–7) apart from the rest.
 */
export function followUpFor(kind: PublicPrompt['kind'], texts: PromptTexts, score: number): string | undefined {
  const f = texts.followUp;
  if (!f) return;
  const band = scoreBand(kind, score);
  return (
    (kind === 'nps'
      ? { low: f.detractor, mid: f.passive, high: f.promoter }
      : { low: f.low, mid: f.low, high: f.high })[band] || f.default
  );
}
