import { VITAL_THRESHOLDS } from '@loupe/shared/constants';
import { CLSThresholds, FCPThresholds, INPThresholds, LCPThresholds, TTFBThresholds } from 'web-vitals';
import { describe, expect, it } from 'vitest';

// The widget sends web-vitals' own rating of each value (src/vitals/vitals-chunk.ts); the server
// rates with VITAL_THRESHOLDS. Both compare the same way (good up to the first number, poor above
// the second), so the two agree exactly when their thresholds do.
describe('Web Vitals ratings', () => {
  it("web-vitals rates with the shared thresholds: the rating the widget sends is the server's", () => {
    expect({
      LCP: LCPThresholds,
      INP: INPThresholds,
      CLS: CLSThresholds,
      FCP: FCPThresholds,
      TTFB: TTFBThresholds,
    }).toEqual(VITAL_THRESHOLDS);
  });
});
