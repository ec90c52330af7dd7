import {
  DEFAULT_DISMISS_WAIT_DAYS,
  type Frequency,
  type PublicFrequency,
  type PublicPrompt,
  type PublicTargeting,
  type PublicUrlRule,
  toPublicFrequency,
  type RuleGroup,
  type UrlRule,
  urlRulePattern,
  withTargetingDefaults,
} from '@loupe/shared';
import { describe, expect, it } from 'vitest';
import { deviceClass } from '../../src/device-class.js';
import { DAY_MS, frequencyGate } from '../../src/prompts/frequency-gate.js';
import { languageMatches } from '../../src/prompts/language-matches.js';
import { matchUrl, urlGate } from '../../src/prompts/match-url.js';
import { type GateContext, isFixed, promptGates } from '../../src/prompts/prompt-gates.js';
import { sampleDraw } from '../../src/prompts/sample-draw.js';
import type { Gate } from '../../src/prompts/why-chunk-api.js';
import { explain } from '../../src/prompts/why-chunk.js';

// Rules and frequencies as GET /v1/config sends them: compiled by the server's shared helpers.
const rule = (match: UrlRule['match'], value: string): PublicUrlRule => ({
  match,
  value,
  pattern: urlRulePattern({ match, value }),
});
// Members left out take the schema's defaults; the rules given are compiled already (rule()).
const targeting = (t: Partial<PublicTargeting>) => withTargetingDefaults(t) as PublicTargeting;

/** A gate as loupe('why') words it (the why chunk's sentence), or '' when the rule lets the prompt show. */
const sentence = (g: Gate | '', prompt?: Parameters<typeof explain>[0]['prompt']) =>
  g ? explain({ id: 'p', prompt, gates: [g] }).reasons[0] : '';
const urlReason = (...a: Parameters<typeof urlGate>) => sentence(urlGate(...a));
const frequencyReason = (...a: Parameters<typeof frequencyGate>) => sentence(frequencyGate(...a));

describe('matchUrl', () => {
  it('exact: ignores a trailing slash, compares the query only when the rule has one', () => {
    expect(matchUrl(rule('exact', '/pricing'), '/pricing/', '?plan=pro')).toBe(true);
    expect(matchUrl(rule('exact', '/pricing/'), '/pricing', '')).toBe(true);
    expect(matchUrl(rule('exact', '/'), '/', '')).toBe(true);
    expect(matchUrl(rule('exact', '/pricing'), '/pricing/team', '')).toBe(false);
    expect(matchUrl(rule('exact', '/p?plan=pro'), '/p', '?plan=pro')).toBe(true);
    expect(matchUrl(rule('exact', '/p?plan=pro'), '/p', '?plan=free')).toBe(false);
    expect(matchUrl(rule('exact', '/pricing'), '/pricing', '?x=1')).toBe(true);
    expect(matchUrl(rule('exact', '/pricing'), '/pricingx', '')).toBe(false);
  });

  it('prefix: startsWith on path and query', () => {
    expect(matchUrl(rule('prefix', '/blog/'), '/blog/post-1', '')).toBe(true);
    expect(matchUrl(rule('prefix', '/blog/'), '/blogging', '')).toBe(false);
    expect(matchUrl(rule('prefix', '/search?q='), '/search', '?q=shoes')).toBe(true);
  });

  it('wildcard: * is any run of characters over the whole path; regex characters are literal', () => {
    expect(matchUrl(rule('wildcard', '/shop/*/checkout'), '/shop/eu/checkout', '')).toBe(true);
    expect(matchUrl(rule('wildcard', '/shop/*/checkout'), '/shop/eu/checkout/done', '')).toBe(false);
    expect(matchUrl(rule('wildcard', '/docs/*'), '/docs/a/b', '?x=1')).toBe(true);
    expect(matchUrl(rule('wildcard', '/a.b/*'), '/aXb/c', '')).toBe(false);
    expect(matchUrl(rule('wildcard', '*'), '/anything', '')).toBe(true);
    expect(matchUrl(rule('wildcard', '/p?id=*'), '/p', '?id=7')).toBe(true);
    // Without a `?` in the rule, `*` stays within the path: the query cannot complete the match.
    expect(matchUrl(rule('wildcard', '/docs/*x'), '/docs/a', '?x')).toBe(false);
    expect(matchUrl(rule('wildcard', '/docs/*x'), '/docs/ax', '?y=1')).toBe(true);
  });

  it('regex: unanchored against path and query; an invalid one matches nothing and never throws', () => {
    expect(matchUrl(rule('regex', '^/orders/\\d+$'), '/orders/42', '')).toBe(true);
    expect(matchUrl(rule('regex', '^/orders/\\d+$'), '/orders/42', '?tab=1')).toBe(false); // the query is part of it
    expect(matchUrl(rule('regex', '^/orders/\\d+'), '/orders/42', '?tab=1')).toBe(true);
    expect(matchUrl(rule('regex', 'utm_source=mail'), '/x', '?utm_source=mail')).toBe(true);
    expect(() => matchUrl(rule('regex', '(['), '/x', '')).not.toThrow();
    expect(matchUrl(rule('regex', '(['), '/x', '')).toBe(false);
  });

  it('matches the percent-decoded path, and survives malformed escapes', () => {
    expect(matchUrl(rule('exact', '/café'), '/caf%C3%A9', '')).toBe(true);
    expect(matchUrl(rule('prefix', '/%E0'), '/%E0%A4%A', '')).toBe(true);
  });
});

describe('urlReason', () => {
  it('includes everything when include is empty; exclusions win', () => {
    expect(urlReason(targeting({}), '/any', '')).toBe('');
    const t = targeting({ include: [rule('prefix', '/shop')], exclude: [rule('exact', '/shop/admin')] });
    expect(urlReason(t, '/shop/cart', '')).toBe('');
    expect(urlReason(t, '/shop/admin', '')).toBe('page /shop/admin excluded by exact /shop/admin');
    expect(urlReason(t, '/about', '')).toBe('page /about not included');
  });
});

describe('deviceClass', () => {
  it('a fine pointer is a desktop; touch screens split at a 600 px short side', () => {
    expect(deviceClass(false, 400)).toBe('desktop'); // a small desktop window is still a desktop
    expect(deviceClass(true, 390)).toBe('mobile');
    expect(deviceClass(true, 599)).toBe('mobile');
    expect(deviceClass(true, 768)).toBe('tablet');
  });
});

describe('languageMatches', () => {
  it('a primary tag covers its regions, case-insensitively; a region tag only itself', () => {
    expect(languageMatches('en-GB', 'en')).toBe(true);
    expect(languageMatches('EN', 'en')).toBe(true);
    expect(languageMatches('en', 'en-GB')).toBe(false);
    expect(languageMatches('eng', 'en')).toBe(false);
    expect(languageMatches('pt-br', 'pt-BR')).toBe(true);
  });
});

describe('sampleDraw', () => {
  it('is stable per seed and prompt, in [0, 100), and spreads evenly', () => {
    expect(sampleDraw(42, 'pr_a')).toBe(sampleDraw(42, 'pr_a'));
    expect(sampleDraw(42, 'pr_a')).not.toBe(sampleDraw(42, 'pr_b'));
    let under10 = 0;
    // Out-of-range draws gathered and checked once: 20 000 expect calls took 5.4 s of a loaded CI core.
    const outside: number[] = [];
    for (let seed = 0; seed < 10_000; seed++) {
      const d = sampleDraw(seed, 'pr_x');
      if (!(d >= 0 && d < 100)) outside.push(d);
      if (d < 10) under10++;
    }
    expect(outside).toEqual([]);
    // 10 % ± 1.5 % of 10 000 draws: a broken hash lands far outside.
    expect(under10).toBeGreaterThan(850);
    expect(under10).toBeLessThan(1150);
  });
});

describe('frequencyReason', () => {
  const now = Date.UTC(2026, 0, 31);
  const ago = (days: number) => now - days * DAY_MS;
  const f = (x: Partial<Frequency>): PublicFrequency =>
    toPublicFrequency({
      mode: 'until_answered',
      dismissWaitDays: DEFAULT_DISMISS_WAIT_DAYS,
      ignoreGlobalCooldown: false,
      ...x,
    });

  it('never blocks a prompt never shown', () => {
    for (const mode of ['once', 'until_answered', 'recurring'] as const) {
      expect(frequencyReason(f({ mode, everyDays: 30 }), undefined, now)).toBe('');
    }
  });

  it('once: one display, whatever happened', () => {
    expect(frequencyReason(f({ mode: 'once' }), { s: ago(400) }, now)).toMatch(/^shown .*; never again$/);
  });

  it('until_answered: again after a display, waits after a dismissal, never after an answer', () => {
    expect(frequencyReason(f({}), { s: ago(1) }, now)).toBe('');
    expect(frequencyReason(f({ dismissWaitDays: 7 }), { s: ago(3), d: ago(3) }, now)).toMatch(
      /^dismissed .*; again after 2026-02-04/,
    );
    expect(frequencyReason(f({ dismissWaitDays: 7 }), { s: ago(8), d: ago(8) }, now)).toBe('');
    expect(frequencyReason(f({}), { s: ago(900), a: ago(900) }, now)).toMatch(/^answered 2023/);
  });

  it('recurring: every N days from the last display; an answer waits N days too', () => {
    const r = f({ mode: 'recurring', everyDays: 30, dismissWaitDays: 60 });
    expect(frequencyReason(r, { s: ago(10) }, now)).toMatch(/^shown .*; again after/);
    expect(frequencyReason(r, { s: ago(31) }, now)).toBe('');
    expect(frequencyReason(r, { s: ago(10), a: ago(10) }, now)).toMatch(/^answered .*; again after/);
    expect(frequencyReason(r, { s: ago(31), a: ago(31) }, now)).toBe('');
    expect(frequencyReason(r, { s: ago(40), d: ago(40) }, now)).toMatch(/^dismissed/);
  });

  it('on demand (answeredOnly) only an answer blocks', () => {
    expect(frequencyReason(f({ mode: 'once' }), { s: ago(1), d: ago(1) }, now, true)).toBe('');
    expect(frequencyReason(f({}), { s: ago(1), a: ago(1) }, now, true)).toMatch(/^answered/);
  });
});

describe('explain (the why chunk)', () => {
  const prompt = {
    id: 'p',
    targeting: targeting({ delaySeconds: 5, scrollPercent: 50, afterTrack: ['a', 'b'] }),
  } as never;
  it('words the states, each gate with its values, and eligibility with a pending delay', () => {
    const now = Date.now();
    expect(explain({ id: 'p', state: 'C' })).toEqual({
      promptId: 'p',
      eligible: false,
      reasons: ['config not loaded yet'],
    });
    expect(explain({ id: 'p', state: 'U' }).reasons).toEqual([
      'no active prompt with this id (unknown, paused or deleted)',
    ]);
    expect(explain({ id: 'p', state: 'P' }).reasons).toEqual(['the prompt UI failed to load']);
    expect(explain({ id: 'p', prompt, gates: [['c', 12], ['k'], ['G', now]] }).reasons).toEqual([
      'scrolled 12 of 50%',
      'waiting for track a, b',
      `global cooldown until ${new Date(now).toISOString()}`,
    ]);
    expect(explain({ id: 'p', prompt, gates: [], due: now + 60_000 })).toEqual({
      promptId: 'p',
      eligible: true,
      reasons: ['eligible; shows after its 5 s delay'],
    });
    expect(explain({ id: 'p', prompt, gates: [], due: now - 1 }).reasons).toEqual(['eligible']);
  });
});

describe('promptGates: OR between rule groups (anyOf)', () => {
  const now = Date.UTC(2026, 0, 31);
  /** A rule group with only these conditions (the others: none). */
  const group = (g: Partial<RuleGroup>): RuleGroup => withTargetingDefaults({ anyOf: [g as RuleGroup] }).anyOf[0]!;
  const prompt = (t: Partial<PublicTargeting>): PublicPrompt => ({
    id: 'pr_or',
    kind: 'nps',
    defaultLanguage: 'en',
    texts: { en: { question: 'Q?' } },
    targeting: targeting(t),
    frequency: toPublicFrequency({ mode: 'until_answered', dismissWaitDays: 7, ignoreGlobalCooldown: false }),
    appearance: {},
  });
  const context = (c: Partial<GateContext>): GateContext => ({
    _path: '/',
    _search: '',
    _device: 'desktop',
    _language: 'en',
    _state: { r: 1, p: {} },
    _session: { i: 's', v: 1 },
    _now: now,
    _cooldownDays: 0,
    _secondsOnPage: 0,
    _scrollDepth: 0,
    _exitIntent: false,
    _hidden: false,
    ...c,
  });
  const fiveSecondsOrQuarter = prompt({ anyOf: [group({ timeOnPageSeconds: 5 }), group({ scrollPercent: 25 })] });

  it('"after 5 s or at 25 % scroll": either condition alone lets it show', () => {
    expect(promptGates(fiveSecondsOrQuarter, context({ _secondsOnPage: 2, _scrollDepth: 10 }))).toEqual([
      ['o', [[['t', 2]], [['c', 10]]]],
    ]);
    expect(promptGates(fiveSecondsOrQuarter, context({ _secondsOnPage: 5, _scrollDepth: 0 }))).toEqual([]);
    expect(promptGates(fiveSecondsOrQuarter, context({ _secondsOnPage: 0, _scrollDepth: 30 }))).toEqual([]);
  });

  it('top-level conditions still hold for every group (AND), and a group ANDs its own conditions', () => {
    const p = prompt({
      devices: ['mobile'],
      anyOf: [group({ timeOnPageSeconds: 5, scrollPercent: 50 }), group({ afterTrack: ['cart'] })],
    });
    expect(promptGates(p, context({ _secondsOnPage: 9 })).map(([code]) => code)).toEqual(['D', 'o']);
    expect(promptGates(p, context({ _device: 'mobile', _secondsOnPage: 9, _scrollDepth: 60 }))).toEqual([]);
    expect(promptGates(p, context({ _device: 'mobile', _session: { i: 's', v: 1, t: ['cart'] } }))).toEqual([]);
  });

  it('trait rules: all must match, compared as text; not identified yet is a gate that can still change', () => {
    const rules = [
      { name: 'plan', values: ['pro', 'team'] },
      { name: 'seats', values: ['12'] },
    ];
    const p = prompt({ traits: rules });
    const withTraits = (c?: Record<string, unknown>) => promptGates(p, context({ _session: { i: 's', v: 1, c } }));
    expect(withTraits()).toEqual([['i', rules[0], undefined]]);
    expect(withTraits().some(isFixed)).toBe(false);
    expect(withTraits({ plan: 'basic', seats: 12 })).toEqual([['i', rules[0], 'basic']]);
    expect(withTraits({ plan: 'team', seats: 3 })).toEqual([['i', rules[1], 3]]);
    expect(withTraits({ plan: 'team', seats: 12 })).toEqual([]);
    expect(explain({ id: 'p', prompt: p, gates: withTraits({ plan: 'basic' }) }).reasons).toEqual([
      'waiting for identify with trait plan = pro or team (is basic)',
    ]);
  });

  it('is fixed for the page view only when every group is held back by a fixed gate', () => {
    const pageviews = prompt({ anyOf: [group({ minPageviews: 3 }), group({ exitIntent: true })] });
    const touch = promptGates(pageviews, context({ _device: 'mobile' }));
    expect(touch).toEqual([['O', [[['V', 1]], [['E'], ['x']]]]]);
    expect(touch.some(isFixed)).toBe(true);
    const desktop = promptGates(pageviews, context({}));
    expect(desktop[0]![0]).toBe('o');
    expect(desktop.some(isFixed)).toBe(false);
  });

  it('loupe("why") words each group with its own thresholds', () => {
    const gates = promptGates(fiveSecondsOrQuarter, context({ _secondsOnPage: 2, _scrollDepth: 10 }));
    expect(explain({ id: 'pr_or', prompt: fiveSecondsOrQuarter, gates }).reasons).toEqual([
      'no rule group holds: group 1: 2 of 5 s on page; group 2: scrolled 10 of 25%',
    ]);
  });
});
