import { CES_EASY_MIN, CSAT_SATISFIED_MIN, NPS_DETRACTOR_MAX, NPS_PROMOTER_MIN } from '@loupe/shared/constants';

export type Kind = 'nps' | 'csat' | 'ces';
export type Segment = 'promoter' | 'passive' | 'detractor';

/** The segment of a score on its scale (the colours of the distribution): red, amber, green. */
export function segmentOf(kind: Kind, score: number): Segment {
  if (kind === 'nps')
    return score >= NPS_PROMOTER_MIN ? 'promoter' : score > NPS_DETRACTOR_MAX ? 'passive' : 'detractor';
  if (kind === 'csat')
    return score >= CSAT_SATISFIED_MIN ? 'promoter' : score === CSAT_SATISFIED_MIN - 1 ? 'passive' : 'detractor';
  return score >= CES_EASY_MIN ? 'promoter' : score === CES_EASY_MIN - 1 ? 'passive' : 'detractor';
}
