import { describe, expect, it } from 'vitest';
import { scrubText, scrubUrl } from '../src/scrub.js';
import { SCRUB_CASES } from './scrub-cases.js';

describe('the table of scrubbing cases', () => {
  it.each(SCRUB_CASES.map((c) => [c.as, c.input, c.expected] as const))('%s %j → %j', (as, input, expected) => {
    expect((as === 'url' ? scrubUrl : scrubText)(input)).toBe(expected);
  });
});

describe('scrubbing', () => {
  it('scrubs a URL the same inside text as on its own', () => {
    for (const c of SCRUB_CASES.filter((x) => x.as === 'url' && x.input.startsWith('http'))) {
      expect(scrubText(`see ${c.input} now`)).toBe(`see ${scrubUrl(c.input)} now`);
    }
  });

  it('is stable: scrubbing scrubbed text changes nothing', () => {
    for (const c of SCRUB_CASES) {
      const scrub = c.as === 'url' ? scrubUrl : scrubText;
      expect(scrub(c.expected)).toBe(c.expected);
    }
  });
});
