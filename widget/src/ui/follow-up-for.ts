import { CES_EASY_MIN, CSAT_SATISFIED_MIN, NPS_DETRACTOR_MAX, NPS_PROMOTER_MIN } from '@loupe/shared/constants';
import type { PromptTexts, PublicPrompt } from '@loupe/shared';

/**
 * The follow-up question for a score: its band's text, else the default, else none (no comment
 * step). Bands: NPS detractor 0–6 / passive 7–8 / promoter 9–10 (Bain); CSAT high is 4–5 and
 * CES high is 5–7, the "satisfied" and "easy" halves of their scales.
 */
export function followUpFor(kind: PublicPrompt['kind'], texts: PromptTexts, score: number): string | undefined {
  const f = texts.followUp;
  if (!f) return;
  const band =
    kind === 'nps'
      ? score <= NPS_DETRACTOR_MAX
        ? f.detractor
        : score >= NPS_PROMOTER_MIN
          ? f.promoter
          : f.passive
      : score >= (kind === 'csat' ? CSAT_SATISFIED_MIN : CES_EASY_MIN)
        ? f.high
        : f.low;
  return band || f.default;
}
