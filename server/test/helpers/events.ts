import { randomUUID } from 'node:crypto';
import type { LoupeEventInput } from '@loupe/shared';

export const IPHONE_UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';
export const DESKTOP_CHROME_UA =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';

type Base = Pick<LoupeEventInput, 'id' | 'ts' | 'sessionId' | 'url' | 'path'> & Partial<LoupeEventInput>;

/** The fields every event carries, for a page of https://shop.example. */
export function base(over: Partial<Base> = {}): Base {
  const path = over.path ?? '/cart';
  return { id: randomUUID(), ts: Date.now(), sessionId: 'sess-1', url: `https://shop.example${path}`, path, ...over };
}

export const pageview = (over: Partial<Base> = {}): LoupeEventInput => ({ ...base(over), type: 'pageview' });

export const engagement = (engagedMs: number, scrollDepth: number, over: Partial<Base> = {}): LoupeEventInput => ({
  ...base(over),
  type: 'engagement',
  engagedMs,
  scrollDepth,
});

export const click = (kind: 'click' | 'rage' | 'dead' | 'error', over: Partial<Base> = {}): LoupeEventInput => ({
  ...base(over),
  type: 'click',
  kind,
  selector: '#checkout',
  tag: 'button',
  x: 10,
  y: 20,
  ...(kind === 'rage' ? { count: 4 } : {}),
});

export const response = (
  displayId: string,
  score: number,
  extra: { comment?: string; kind?: 'nps' | 'csat' | 'ces' } & Partial<Base> = {},
): LoupeEventInput => {
  const { comment, kind = 'nps', ...over } = extra;
  return {
    ...base(over),
    type: 'response',
    promptId: 'prompt-1',
    displayId,
    kind,
    score,
    ...(comment === undefined ? {} : { comment }),
  };
};

export const jsError = (
  message: string,
  frames: { fn?: string; file?: string; line?: number; col?: number }[] | undefined,
  over: Partial<Base> = {},
): LoupeEventInput => ({
  ...base(over),
  type: 'error',
  source: 'error',
  errorType: 'TypeError',
  message,
  ...(frames ? { frames } : {}),
});

export const vital = (name: 'LCP' | 'INP' | 'CLS', value: number, over: Partial<Base> = {}): LoupeEventInput => ({
  ...base(over),
  type: 'vital',
  name,
  value,
  rating: 'good',
});
