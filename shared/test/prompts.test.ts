import { describe, expect, it } from 'vitest';
import {
  DEFAULT_DISMISS_WAIT_DAYS,
  promptDefinitionSchema,
  promptPatchSchema,
  publicPromptSchema,
  toPublicFrequency,
  type UrlRule,
  urlRulePattern,
  urlRuleSchema,
} from '../src/index.js';

const nps = { name: 'NPS', kind: 'nps', texts: { en: { question: 'How likely…?' } } } as const;

describe('promptDefinitionSchema', () => {
  it('fills every default of targeting and frequency', () => {
    const p = promptDefinitionSchema.parse(nps);
    expect(p).toMatchObject({ status: 'active', defaultLanguage: 'en' });
    expect(p.targeting).toEqual({
      include: [],
      exclude: [],
      devices: [],
      languages: [],
      delaySeconds: 0,
      timeOnPageSeconds: 0,
      scrollPercent: 0,
      exitIntent: false,
      minPageviews: 0,
      afterTrack: [],
      afterFrustration: false,
      samplePercent: 100,
    });
    expect(p.frequency).toEqual({ mode: 'until_answered', dismissWaitDays: DEFAULT_DISMISS_WAIT_DAYS, ignoreGlobalCooldown: false });
  });

  it('accepts band follow-ups that fit the kind and rejects the others', () => {
    expect(
      promptDefinitionSchema.safeParse({ ...nps, texts: { en: { question: 'q', followUp: { detractor: 'Why?', default: 'Tell us more' } } } })
        .success,
    ).toBe(true);
    const bad = promptDefinitionSchema.safeParse({ ...nps, texts: { en: { question: 'q', followUp: { low: 'Why?' } } } });
    expect(bad.success).toBe(false);
    expect(JSON.stringify(bad.error?.issues)).toContain('detractor, passive, promoter');
    const csat = { name: 'c', kind: 'csat', style: 'faces', texts: { en: { question: 'q', followUp: { low: 'Why?' } } } };
    expect(promptDefinitionSchema.safeParse(csat).success).toBe(true);
  });

  it('rejects cross-field mistakes with paths', () => {
    const cases: [unknown, string][] = [
      [{ ...nps, style: 'stars' }, 'style'],
      [{ ...nps, defaultLanguage: 'vi' }, 'defaultLanguage'],
      [{ ...nps, texts: { en: { question: 'a' }, EN: { question: 'b' } } }, 'texts'],
      [{ ...nps, frequency: { mode: 'recurring' } }, 'frequency'],
      [{ ...nps, frequency: { mode: 'once', everyDays: 3 } }, 'frequency'],
      [{ ...nps, texts: {} }, 'texts'],
      [{ ...nps, kind: 'ces5' }, 'kind'],
      [{ ...nps, texts: { 'not a tag': { question: 'q' } } }, 'texts'],
      [{ ...nps, texts: { en: { question: '   ' } } }, 'question'],
      [{ ...nps, targeting: { samplePercent: 101 } }, 'samplePercent'],
      [{ ...nps, targeting: { devices: ['watch'] } }, 'devices'],
      [{ ...nps, extra: true }, 'extra'],
    ];
    for (const [input, path] of cases) {
      const r = promptDefinitionSchema.safeParse(input);
      expect(r.success, JSON.stringify(input)).toBe(false);
      expect(JSON.stringify(r.error?.issues)).toContain(path);
    }
  });
});

describe('urlRuleSchema', () => {
  it('rejects an invalid regex and paths without a slash', () => {
    expect(urlRuleSchema.safeParse({ match: 'regex', value: '(' }).success).toBe(false);
    expect(urlRuleSchema.safeParse({ match: 'regex', value: '^/blog/\\d+$' }).success).toBe(true);
    expect(urlRuleSchema.safeParse({ match: 'prefix', value: 'blog' }).success).toBe(false);
    expect(urlRuleSchema.safeParse({ match: 'wildcard', value: '/blog/*' }).success).toBe(true);
  });
});

describe('promptPatchSchema', () => {
  it('takes any subset without filling defaults', () => {
    expect(promptPatchSchema.parse({ targeting: { delaySeconds: 5 } })).toEqual({ targeting: { delaySeconds: 5 } });
    expect(promptPatchSchema.safeParse({}).success).toBe(false);
    expect(promptPatchSchema.safeParse({ status: 'deleted' }).success).toBe(false);
  });
});

describe('publicPromptSchema', () => {
  it('strips what the widget does not need', () => {
    const def = promptDefinitionSchema.parse({ ...nps, targeting: { include: [{ match: 'prefix', value: '/shop' }] } });
    // As the server sends it: URL rules compiled, the frequency mode as waits.
    const compiled = (rules: UrlRule[]) => rules.map((r) => ({ ...r, pattern: urlRulePattern(r) }));
    const targeting = { ...def.targeting, include: compiled(def.targeting.include), exclude: compiled(def.targeting.exclude) };
    const full = { id: 'pr_1', ...def, targeting, frequency: toPublicFrequency(def.frequency), createdAt: 'x' };
    const pub = publicPromptSchema.parse(full);
    expect(pub).not.toHaveProperty('name');
    expect(pub).not.toHaveProperty('createdAt');
    expect(pub).not.toHaveProperty('status');
    expect(pub.targeting.include).toEqual([{ match: 'prefix', value: '/shop', pattern: '^/shop' }]);
    expect(pub.frequency).toEqual({ shownWaitDays: 0, answeredWaitDays: -1, dismissWaitDays: DEFAULT_DISMISS_WAIT_DAYS, ignoreGlobalCooldown: false });
  });
});
