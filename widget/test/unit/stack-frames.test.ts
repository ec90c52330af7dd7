import { MAX_STACK_FRAMES, MAX_STACK_LINE_LENGTH } from '@loupe/shared/constants';
import { describe, expect, it } from 'vitest';
import { scrubEvent } from '../../src/transport/scrub-chunk.js';
import { parseStack } from '../../src/signals/stack-frames.js';

describe('parseStack', () => {
  it('reads V8 stacks, most recent call first', () => {
    const stack = [
      'TypeError: x is undefined',
      '    at render (https://shop.example/app.js:10:5)',
      '    at async Cart.load (https://shop.example/cart.js:3:12)',
      '    at https://shop.example/main.js:1:99',
    ].join('\n');
    expect(parseStack(stack)).toEqual(
      [
        { fn: 'render', file: 'https://shop.example/app.js', line: 10, col: 5 },
        { fn: 'async Cart.load', file: 'https://shop.example/cart.js', line: 3, col: 12 },
        { file: 'https://shop.example/main.js', line: 1, col: 99 },
      ].map((f) => ({ fn: undefined, ...f })),
    );
  });

  it('reads Gecko/WebKit stacks', () => {
    expect(parseStack('render@https://shop.example/app.js:10:5\n@https://shop.example/main.js:1:2')).toEqual([
      { fn: 'render', file: 'https://shop.example/app.js', line: 10, col: 5 },
      { fn: undefined, file: 'https://shop.example/main.js', line: 1, col: 2 },
    ]);
  });

  it(`keeps ${MAX_STACK_FRAMES} frames; sent, long lines are cut and file URLs scrubbed`, () => {
    const long = 'f'.repeat(5000);
    const stack = Array.from(
      { length: 80 },
      (_, i) => `    at ${long} (https://x.test/a.js?token=s3cret:${i + 1}:1)`,
    ).join('\n');
    const frames = parseStack(stack)!;
    expect(frames).toHaveLength(MAX_STACK_FRAMES);
    expect(frames[49]!.line).toBe(50);
    const sent = scrubEvent({ frames }).frames;
    expect(sent[0]!.fn).toHaveLength(MAX_STACK_LINE_LENGTH);
    expect(sent[0]!.file).toBe('https://x.test/a.js?token=[redacted]');
  });

  it('returns undefined without a usable stack', () => {
    expect(parseStack(undefined)).toBeUndefined();
    expect(parseStack('Error: no frames here')).toBeUndefined();
  });
});
