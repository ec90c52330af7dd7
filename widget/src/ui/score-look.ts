import { CES_EASY_MIN, CSAT_SATISFIED_MIN, NPS_DETRACTOR_MAX, NPS_PROMOTER_MIN } from '@loupe/shared/constants';
import type { PublicPrompt } from '@loupe/shared';

/** How a prompt's scale is drawn: NPS and CES as numbers, CSAT as stars or faces. */
export type ScaleLook = 'nps' | 'ces' | 'stars' | 'faces';

export const scaleLook = ({ kind, style }: PublicPrompt): ScaleLook =>
  kind === 'csat' ? (style === 'faces' ? 'faces' : 'stars') : kind;

/**
 * A score's band for colour-coded scales: NPS detractor 0–6 low, passive 7–8 mid, promoter 9–10
 * high (Bain); CSAT 1–2 low, 3 mid, 4–5 high; CES below its middle low, the middle mid, 5–7 high.
 */
export function scoreBand(kind: PublicPrompt['kind'], score: number): 'low' | 'mid' | 'high' {
  const [lowMax, highMin] =
    kind === 'nps'
      ? [NPS_DETRACTOR_MAX, NPS_PROMOTER_MIN]
      : kind === 'csat'
        ? [CSAT_SATISFIED_MIN - 2, CSAT_SATISFIED_MIN]
        : [CES_EASY_MIN - 2, CES_EASY_MIN];
  return score <= lowMax ? 'low' : score >= highMin ? 'high' : 'mid';
}
