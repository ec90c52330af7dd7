import { VITAL_THRESHOLDS } from '@loupe/shared/constants';
import { CLSThresholds, FCPThresholds, INPThresholds, LCPThresholds, TTFBThresholds } from 'web-vitals';
import { describe, expect, it } from 'vitest';

// The widget rates each value with the shared VITAL_THRESHOLDS (src/vitals/vitals-chunk.ts), as
// the server does; they must stay Google's, which web-vitals (a devDependency, for the tests) rates
// with. Both compare the same way (good up to the first number, poor above the second), so the
// ratings agree exactly when the thresholds do (test/browser/vitals-parity.test.ts compares them).
describe('Web Vitals ratings', () => {
  it("the shared thresholds are web-vitals': the widget's and the server's ratings are Google's", () => {
    expect({
      LCP: LCPThresholds,
      INP: INPThresholds,
      CLS: CLSThresholds,
      FCP: FCPThresholds,
      TTFB: TTFBThresholds,
    }).toEqual(VITAL_THRESHOLDS);
  });
});
