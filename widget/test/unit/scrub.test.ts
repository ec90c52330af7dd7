import { SCRUB_CASES } from '@loupe/shared/scrub-cases';
import { describe, expect, it } from 'vitest';
import { clip } from '../../src/clip.js';
import { scrubEvent } from '../../src/transport/scrub-chunk.js';

// The same table as the server's test (its browser twin, test/browser/scrub.test.ts, runs it
// through the built widget.js): here through the scrub chunk's entry, as a track property and as
// a stack frame's file.
describe('the scrub chunk', () => {
  it.each(SCRUB_CASES.map((c) => [c.as, c.input, c.expected] as const))('%s %j → %j', (as, input, expected) => {
    const sent = scrubEvent(as === 'url' ? { frames: [{ file: input }] } : { props: { value: input } });
    expect(as === 'url' ? sent.frames![0]!.file : sent.props!.value).toBe(expected);
  });
});

describe('clip', () => {
  it('cuts to the bound and turns empty into undefined (so the member is omitted)', () => {
    expect(clip('abcdef', 3)).toBe('abc');
    expect(clip('', 3)).toBeUndefined();
    expect(clip(null, 3)).toBeUndefined();
  });
});
