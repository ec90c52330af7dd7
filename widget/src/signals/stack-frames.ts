import type { StackFrame } from '@loupe/shared';
import { MAX_STACK_FRAMES, MAX_STACK_LINE_LENGTH } from '@loupe/shared/constants';
import { clip } from '../clip.js';

// V8:            "    at fn (https://x/app.js:1:2)"  or  "    at https://x/app.js:1:2"
// Gecko/WebKit:  "fn@https://x/app.js:1:2"           or  "@https://x/app.js:1:2"
const V8 = /^\s*at (?:(.+?) \()?(.+?):(\d+):(\d+)\)?$/;
const GECKO = /^\s*(.*?)@(.+?):(\d+):(\d+)$/;

export function frame(fn: string | undefined, file: string | undefined, line: unknown, col: unknown): StackFrame {
  return {
    fn: clip(fn, 2 * MAX_STACK_LINE_LENGTH),
    file: clip(file, 2 * MAX_STACK_LINE_LENGTH),
    line: +(line as number) || undefined,
    col: +(col as number) || undefined,
  };
}

/** Most recent call first, as the engine prints them; at most 50 (Sentry's limit). */
export function parseStack(stack: string | undefined): StackFrame[] | undefined {
  const frames: StackFrame[] = [];
  for (const line of (stack || '').split('\n')) {
    const m = V8.exec(line) || GECKO.exec(line);
    if (m && frames.push(frame(m[1], m[2], m[3], m[4])) >= MAX_STACK_FRAMES) break;
  }
  return frames.length ? frames : undefined;
}
