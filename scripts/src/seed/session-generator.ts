import { randomUUID } from 'node:crypto';
import { SCORE_RANGES, VITAL_THRESHOLDS, type LoupeEvent, type VITAL_NAMES } from '@loupe/shared';
import { COMMENTS, GOALS, pageByPath, pickError, pickPage, type PageSpec } from './seed-catalogue.js';
import type { SeedCustomer } from './seed-customers.js';
import type { Random } from './seed-random.js';

export interface SeedPrompts {
  nps: string;
  csat: string;
  ces: string;
}

export interface SessionPlan {
  sessionId: string;
  visitorId: string | undefined;
  start: number;
  mobile: boolean;
  language: string;
  /** Prompts to answer in this session (displays that are dismissed come on top). */
  answers: number;
  /** The customer who signs in on the first page of this visit (identify), if any. */
  signedIn?: SeedCustomer | undefined;
  /** Added to the mean score, as a share of the scale (a happier or unhappier audience). */
  scoreLift?: number;
}

type Vital = (typeof VITAL_NAMES)[number];
const VITAL_MEDIANS: Record<Vital, [number, number]> = {
  LCP: [1900, 0.45],
  FCP: [1100, 0.45],
  TTFB: [420, 0.6],
  INP: [140, 0.6],
  CLS: [0.05, 0.9],
};

const rating = (name: Vital, v: number) => {
  const [good, poor] = VITAL_THRESHOLDS[name];
  return v <= good ? 'good' : v <= poor ? 'needs-improvement' : 'poor';
};

/** Which scale a prompt on this page asks: CSAT after buying, CES in the help centre, else NPS. */
const kindFor = (path: string) => (path.startsWith('/checkout') ? 'csat' : path.startsWith('/support') ? 'ces' : 'nps');

/** A score that friction pulls down, as it does in real CX data. */
function scoreFor(r: Random, kind: 'nps' | 'csat' | 'ces', frustrated: boolean, lift: number): number {
  const [min, max] = SCORE_RANGES[kind];
  const mean = min + (max - min) * ((frustrated ? 0.42 : 0.78) + lift);
  return Math.max(
    min,
    Math.min(max, Math.round(mean + (max - min) * 0.22 * (r.next() + r.next() + r.next() - 1.5) * 2)),
  );
}

function commentFor(r: Random, kind: 'nps' | 'csat' | 'ces', score: number): string | undefined {
  const [min, max] = SCORE_RANGES[kind];
  const x = (score - min) / (max - min);
  const segment = x < 0.65 ? 'detractor' : x < 0.85 ? 'passive' : 'promoter';
  return r.chance(segment === 'detractor' ? 0.5 : 0.2) ? r.pick(COMMENTS[segment]) : undefined;
}

const RELEASE_EVERY_MS = 9 * 86_400_000;

/**
 * The shop's release when a session starts: one cut every nine days, named by its date (as
 * `data-release` would carry it), and every third one ships a bug that throws on some pages, so
 * the error rate by release has a story to tell.
 */
export function releaseAt(t: number): { release: string; buggy: boolean } {
  const n = Math.floor(t / RELEASE_EVERY_MS);
  return {
    release: new Date(n * RELEASE_EVERY_MS).toISOString().slice(0, 10).replaceAll('-', '.'),
    buggy: n % 3 === 1,
  };
}

/** One visit: page views with engagement, clicks, friction, vitals, goals and prompt answers. */
export function generateSession(r: Random, plan: SessionPlan, prompts: SeedPrompts): LoupeEvent[] {
  const out: LoupeEvent[] = [];
  let t = plan.start;
  const frustrated = r.chance(0.18);
  let metFriction = false;
  const base = (p: PageSpec) => ({
    id: randomUUID(),
    ts: t,
    sessionId: plan.sessionId,
    ...(plan.visitorId ? { visitorId: plan.visitorId } : {}),
    url: `https://shop.example${p.path}`,
    path: p.path,
    language: plan.language,
  });
  const pages = 1 + Math.min(14, r.geometric(0.45));
  let answers = plan.answers;
  let current = pickPage(r);
  const { release, buggy } = releaseAt(plan.start);
  for (let i = 0; i < pages; i++) {
    const p = current;
    out.push({ ...base(p), type: 'pageview', nav: i === 0 ? 'load' : 'push', release });
    // A signed-in customer's shop says who they are on every page; once is what the session keeps.
    if (i === 0 && plan.signedIn) {
      t += r.int(5, 50);
      out.push({
        ...base(p),
        id: randomUUID(),
        type: 'identify',
        customerId: plan.signedIn.id,
        traits: plan.signedIn.traits,
      });
    }
    if (i === 0) {
      for (const name of ['TTFB', 'FCP', 'LCP', 'CLS'] as const) {
        t += r.int(50, 900);
        const [median, sigma] = VITAL_MEDIANS[name];
        const zero = name === 'CLS' && r.chance(0.55);
        const value = zero ? 0 : r.logNormal(median * (name === 'CLS' ? 1 : p.weight * (plan.mobile ? 1.6 : 1)), sigma);
        const v = name === 'CLS' ? Math.round(value * 1000) / 1000 : Math.round(value);
        out.push({ ...base(p), type: 'vital', name, value: v, rating: rating(name, v) });
      }
    }
    for (let c = r.poisson(1.4); c > 0; c--) {
      t += r.int(1500, 20_000);
      out.push({
        ...base(p),
        type: 'click',
        kind: 'click',
        selector: r.pick(p.selectors),
        tag: 'button',
        x: r.int(0, 1200),
        y: r.int(0, 3000),
      });
    }
    if (frustrated && r.chance(p.friction * 2)) {
      metFriction = true;
      t += r.int(1000, 10_000);
      const kind = r.pick(['rage', 'rage', 'dead', 'error'] as const);
      const click = {
        ...base(p),
        type: 'click' as const,
        kind,
        selector: r.pick(p.selectors),
        tag: 'button',
        x: r.int(0, 1200),
        y: r.int(0, 3000),
      };
      out.push(kind === 'rage' ? { ...click, count: r.int(3, 9) } : click);
      if (kind === 'error' || r.chance(0.3)) {
        t += r.int(10, 900);
        const e = pickError(r);
        out.push({ ...base(p), type: 'error', ...e });
      }
    }
    // A release's own bugs, whoever the visitor: a few pages throw, many more under a buggy release.
    if (r.chance(p.friction * (buggy ? 0.8 : 0.12))) {
      t += r.int(200, 5000);
      out.push({ ...base(p), type: 'error', ...pickError(r) });
    }
    if (r.chance(0.4)) {
      const value = Math.round(
        r.logNormal(VITAL_MEDIANS.INP[0] * p.weight * (plan.mobile ? 1.5 : 1), VITAL_MEDIANS.INP[1]),
      );
      out.push({ ...base(p), type: 'vital', name: 'INP', value, rating: rating('INP', value) });
    }
    t = taskEvents(r, base(p), frustrated, out);
    const goal = p.path.startsWith('/product') ? GOALS.product : GOALS[p.path as keyof typeof GOALS];
    if (goal && r.chance(goal === 'add_to_cart' ? 0.25 : 0.6)) out.push({ ...base(p), type: 'track', name: goal });
    // Every planned answer is given by the last page at the latest.
    for (let n = i === pages - 1 ? answers : r.chance(0.5) ? Math.min(1, answers) : 0; n > 0; n--) {
      answers -= 1;
      t += r.int(2000, 30_000);
      out.push(...promptEvents(r, base(p), kindFor(p.path), prompts, metFriction || frustrated, plan.scoreLift ?? 0));
      t = out[out.length - 1]!.ts;
    }
    if (r.chance(0.08)) {
      t += r.int(2000, 30_000);
      const kind = kindFor(p.path);
      const displayId = randomUUID();
      out.push({ ...base(p), type: 'prompt_shown', promptId: prompts[kind], displayId });
      out.push({
        ...base(p),
        id: randomUUID(),
        ts: t + r.int(1000, 5000),
        type: 'prompt_dismissed',
        promptId: prompts[kind],
        displayId,
      });
    }
    const engaged = Math.round(Math.min(600_000, r.logNormal(18_000, 1)));
    t += engaged;
    out.push({
      ...base(p),
      type: 'engagement',
      engagedMs: engaged,
      scrollDepth: Math.min(100, Math.round(r.logNormal(55, 0.5))),
    });
    t += r.int(500, 4000);
    current = r.chance(0.35) ? pickPage(r) : (pageByPath.get(nextPath(r, p.path)) ?? pickPage(r));
  }
  return out;
}

/**
 * The shop's tasks, as the demo shop marks them: the checkout starts on /checkout and succeeds on
 * /checkout/done; its payment step is declined now and then (more often in a frustrated visit),
 * and the shopper tries again half the time, a new run. Signing up is a task of one page. A visit
 * that ends before an outcome leaves its run to be counted as abandoned.
 */
function taskEvents(r: Random, b: Base, frustrated: boolean, out: LoupeEvent[]): number {
  let t = b.ts;
  const task = (name: string, action: 'start' | 'success' | 'fail', after: number) => {
    t += after;
    out.push({ ...b, id: randomUUID(), ts: t, type: 'task', name, action });
  };
  if (b.path === '/checkout') task('checkout', 'start', 5);
  else if (b.path === '/checkout/payment' && r.chance(frustrated ? 0.35 : 0.08)) {
    task('checkout', 'fail', r.int(20_000, 90_000));
    if (r.chance(0.5)) task('checkout', 'start', r.int(5000, 30_000));
  } else if (b.path === '/checkout/done') task('checkout', 'success', 5);
  else if (b.path === '/signup') {
    task('signup', 'start', 5);
    if (r.chance(frustrated ? 0.3 : 0.7)) task('signup', r.chance(0.85) ? 'success' : 'fail', r.int(15_000, 120_000));
  }
  return t;
}

/** A shopper's likely next step: product → cart → checkout → done. */
function nextPath(r: Random, path: string): string {
  if (path.startsWith('/product')) return r.chance(0.4) ? '/cart' : `/product/${r.int(1, 12)}`;
  if (path === '/cart') return '/checkout';
  if (path === '/checkout') return '/checkout/payment';
  if (path === '/checkout/payment') return '/checkout/done';
  return '/';
}

type Base = {
  id: string;
  ts: number;
  sessionId: string;
  url: string;
  path: string;
  language: string;
  visitorId?: string;
};

/** Shown, then the score, and a comment typed afterwards arriving as a second event half the time. */
function promptEvents(
  r: Random,
  b: Base,
  kind: 'nps' | 'csat' | 'ces',
  prompts: SeedPrompts,
  frustrated: boolean,
  lift: number,
): LoupeEvent[] {
  const displayId = randomUUID();
  const promptId = prompts[kind];
  const score = scoreFor(r, kind, frustrated, lift);
  const comment = commentFor(r, kind, score);
  const scoredAt = b.ts + r.int(2000, 15_000);
  const response = {
    ...b,
    id: randomUUID(),
    ts: scoredAt,
    type: 'response' as const,
    promptId,
    displayId,
    kind,
    score,
  };
  const out: LoupeEvent[] = [{ ...b, type: 'prompt_shown', promptId, displayId }];
  if (comment && r.chance(0.5)) {
    out.push(response, { ...response, id: randomUUID(), ts: scoredAt + r.int(3000, 40_000), comment });
  } else {
    out.push(comment ? { ...response, comment } : response);
  }
  return out;
}
