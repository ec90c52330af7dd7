import { randomUUID } from 'node:crypto';
import type { LoupeEventInput } from '@loupe/shared';
import fc from 'fast-check';

// Random small datasets for the read API's property tests: a few sessions around a DST change,
// each a random walk of page views, engagement, clicks, errors, vitals, goals and prompt answers.

export interface PromptIds {
  nps: string;
  csat: string;
  ces: string;
}

/** Prompt ids are global, so each test site gets its own. */
export const promptIdsFor = (siteId: string): PromptIds => ({
  nps: `nps-${siteId}`,
  csat: `csat-${siteId}`,
  ces: `ces-${siteId}`,
});
const PATHS = ['/', '/cart', '/checkout'] as const;
const KIND_RANGE = { nps: [0, 10], csat: [1, 5], ces: [1, 7] } as const;

/** UTC instants of DST changes: New York spring/fall 2024, Copenhagen spring/fall 2024. */
export const DST_ANCHORS = [
  Date.UTC(2024, 2, 10, 7),
  Date.UTC(2024, 10, 3, 6),
  Date.UTC(2024, 2, 31, 1),
  Date.UTC(2024, 9, 27, 1),
] as const;

const errorStep = fc.record({
  type: fc.constant('error' as const),
  source: fc.constantFrom('error', 'unhandledrejection', 'resource'),
  template: fc.integer({ min: 0, max: 2 }),
});

const step = fc.record({
  gapSec: fc.oneof(
    fc.integer({ min: 0, max: 3 }),
    fc.integer({ min: 0, max: 120 }),
    fc.integer({ min: 0, max: 4 * 3600 }),
  ),
  path: fc.constantFrom(...PATHS),
  what: fc.oneof(
    { weight: 4, arbitrary: fc.record({ type: fc.constant('pageview' as const) }) },
    {
      weight: 2,
      arbitrary: fc.record({
        type: fc.constant('engagement' as const),
        engagedMs: fc.integer({ min: 0, max: 30_000 }),
        scroll: fc.integer({ min: 0, max: 100 }),
      }),
    },
    {
      weight: 3,
      arbitrary: fc.record({
        type: fc.constant('click' as const),
        kind: fc.constantFrom('click', 'rage', 'dead', 'error'),
        selector: fc.constantFrom('#a', '#b'),
        count: fc.integer({ min: 3, max: 6 }),
      }),
    },
    { weight: 1, arbitrary: errorStep },
    {
      weight: 2,
      arbitrary: fc.record({
        type: fc.constant('vital' as const),
        name: fc.constantFrom('LCP', 'CLS', 'INP'),
        value: fc.integer({ min: 0, max: 9000 }),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({ type: fc.constant('track' as const), name: fc.constantFrom('signup', 'purchase') }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        type: fc.constant('shown' as const),
        kind: fc.constantFrom('nps', 'csat', 'ces'),
        dismissed: fc.boolean(),
      }),
    },
    {
      weight: 4,
      arbitrary: fc.record({
        type: fc.constant('response' as const),
        kind: fc.constantFrom('nps', 'csat', 'ces'),
        score: fc.integer({ min: 0, max: 10 }),
        comment: fc.option(fc.constantFrom('great', 'slow checkout', '=1+1'), { nil: undefined }),
        followUp: fc.option(
          fc.record({
            comment: fc.constantFrom('later comment', 'more'),
            newScore: fc.option(fc.integer({ min: 0, max: 10 }), { nil: undefined }),
          }),
          { nil: undefined },
        ),
      }),
    },
  ),
});

export const sessionArb = fc.record({
  offsetMin: fc.integer({ min: -3 * 24 * 60, max: 3 * 24 * 60 }),
  visitor: fc.option(fc.constantFrom('v1', 'v2', 'v3', 'v4'), { nil: undefined }),
  device: fc.constantFrom('desktop', 'mobile'),
  browser: fc.constantFrom('chrome', 'safari', 'firefox'),
  language: fc.constantFrom('en', 'de'),
  release: fc.option(fc.constantFrom('1.0', '2.0'), { nil: undefined }),
  steps: fc.array(step, { minLength: 1, maxLength: 12 }),
});

export const datasetArb = fc.record({
  anchor: fc.constantFrom(...DST_ANCHORS),
  sessions: fc.array(sessionArb, { minLength: 1, maxLength: 10 }),
});
export type Dataset = typeof datasetArb extends fc.Arbitrary<infer T> ? T : never;

/**
 * Datasets spread over about three months around a month's end near a DST change (Copenhagen's
 * spring change on 31 March, New York's autumn one on 3 November), so ranges of weeks cover whole
 * UTC months, and local months start hours away from UTC ones.
 */
export const monthsDatasetArb: fc.Arbitrary<Dataset> = fc.record({
  anchor: fc.constantFrom(Date.UTC(2024, 2, 31, 1), Date.UTC(2024, 10, 1, 4)),
  sessions: fc.array(
    fc.tuple(sessionArb, fc.integer({ min: -45, max: 45 })).map(([s, days]) => ({
      ...s,
      offsetMin: s.offsetMin + days * 24 * 60,
    })),
    { minLength: 1, maxLength: 12 },
  ),
});

export interface DatasetEvent {
  event: LoupeEventInput;
  device: 'desktop' | 'mobile';
  browser: string;
}

export const clampScore = (kind: keyof typeof KIND_RANGE, s: number) =>
  Math.min(KIND_RANGE[kind][1], Math.max(KIND_RANGE[kind][0], s));

/** The events of a dataset, sorted by time (how the test ingests them). */
export function datasetEvents(d: Dataset, PROMPT_IDS: PromptIds): DatasetEvent[] {
  const out: DatasetEvent[] = [];
  d.sessions.forEach((s, i) => {
    let t = d.anchor + s.offsetMin * 60_000 + i;
    const sessionId = `s${i}`;
    for (const st of s.steps) {
      t += st.gapSec * 1000 + 7;
      const base = {
        id: randomUUID(),
        ts: t,
        sessionId,
        url: `https://shop.example${st.path}`,
        path: st.path,
        language: s.language,
        ...(s.visitor ? { visitorId: s.visitor } : {}),
      };
      const push = (event: LoupeEventInput) => out.push({ event, device: s.device, browser: s.browser });
      const w = st.what;
      if (w.type === 'pageview') push({ ...base, type: 'pageview', ...(s.release ? { release: s.release } : {}) });
      else if (w.type === 'engagement')
        push({ ...base, type: 'engagement', engagedMs: w.engagedMs, scrollDepth: w.scroll });
      else if (w.type === 'click')
        push({
          ...base,
          type: 'click',
          kind: w.kind,
          selector: w.selector,
          tag: 'button',
          x: 1,
          y: 2,
          ...(w.kind === 'rage' ? { count: w.count } : {}),
        });
      else if (w.type === 'error') {
        const frames = w.template === 2 ? undefined : [{ fn: `f${w.template}`, file: `/app${w.template}.js`, line: 3 }];
        const resource =
          w.source === 'resource' ? { resource: { tag: 'IMG', url: `https://cdn.example/${w.template}.png` } } : {};
        push({
          ...base,
          type: 'error',
          source: w.source,
          errorType: 'TypeError',
          message: `boom ${w.template} at ${t}`,
          ...(frames ? { frames } : {}),
          ...resource,
        });
      } else if (w.type === 'vital') {
        const value = w.name === 'CLS' ? (w.value < 3000 ? 0 : w.value / 10_000) : w.value;
        push({ ...base, type: 'vital', name: w.name, value, rating: 'good' });
      } else if (w.type === 'track') push({ ...base, type: 'track', name: w.name });
      else if (w.type === 'shown') {
        const displayId = randomUUID();
        push({ ...base, type: 'prompt_shown', promptId: PROMPT_IDS[w.kind], displayId });
        if (w.dismissed)
          push({
            ...base,
            id: randomUUID(),
            ts: t + 1,
            type: 'prompt_dismissed',
            promptId: PROMPT_IDS[w.kind],
            displayId,
          });
      } else {
        const displayId = randomUUID();
        const first = {
          ...base,
          type: 'response' as const,
          promptId: PROMPT_IDS[w.kind],
          displayId,
          kind: w.kind,
          score: clampScore(w.kind, w.score),
        };
        push(w.comment === undefined ? first : { ...first, comment: w.comment });
        if (w.followUp) {
          t += 2000;
          const score = clampScore(w.kind, w.followUp.newScore ?? first.score);
          push({ ...first, id: randomUUID(), ts: t, score, comment: w.followUp.comment });
        }
      }
    }
  });
  return out.sort((a, b) => a.event.ts - b.event.ts);
}
