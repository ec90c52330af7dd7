import { describe, expect, it } from 'vitest';
import {
  appearanceSchema,
  DEFAULT_DISMISS_WAIT_DAYS,
  promptDefinitionSchema,
  promptPatchSchema,
  promptSettingsSchema,
  publicPromptSchema,
  targetingSchema,
  toPublicFrequency,
  toPublicPrompt,
  type UrlRule,
  urlRulePattern,
  urlRuleSchema,
  withTargetingDefaults,
} from '../src/index.js';

const nps = { name: 'NPS', kind: 'nps', texts: { en: { question: 'How likely…?' } } } as const;

describe('promptDefinitionSchema', () => {
  it('fills every default of targeting and frequency', () => {
    const p = promptDefinitionSchema.parse(nps);
    expect(p).toMatchObject({ status: 'active', defaultLanguage: 'en' });
    // withTargetingDefaults spells the defaults out (no condition, the whole sample) for the
    // server's old rows and the studio's preview: the schema and it never drift apart.
    expect(p.targeting).toEqual(withTargetingDefaults({}));
    expect(p.appearance).toEqual({});
    expect(p.frequency).toEqual({
      mode: 'until_answered',
      dismissWaitDays: DEFAULT_DISMISS_WAIT_DAYS,
      ignoreGlobalCooldown: false,
    });
  });

  it('accepts band follow-ups that fit the kind and rejects the others', () => {
    expect(
      promptDefinitionSchema.safeParse({
        ...nps,
        texts: { en: { question: 'q', followUp: { detractor: 'Why?', default: 'Tell us more' } } },
      }).success,
    ).toBe(true);
    const bad = promptDefinitionSchema.safeParse({
      ...nps,
      texts: { en: { question: 'q', followUp: { low: 'Why?' } } },
    });
    expect(bad.success).toBe(false);
    expect(JSON.stringify(bad.error?.issues)).toContain('detractor, passive, promoter');
    const csat = {
      name: 'c',
      kind: 'csat',
      style: 'faces',
      texts: { en: { question: 'q', followUp: { low: 'Why?' } } },
    };
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
      [{ ...nps, targeting: { anyOf: [{}] } }, 'anyOf'],
      [{ ...nps, targeting: { anyOf: [{ timeOnPageSeconds: 0 }] } }, 'anyOf'],
      [{ ...nps, targeting: { anyOf: [{ delaySeconds: 5 }] } }, 'delaySeconds'],
      [{ ...nps, targeting: { anyOf: [{ include: [] }] } }, 'include'],
      [{ ...nps, targeting: { anyOf: Array.from({ length: 6 }, () => ({ scrollPercent: 10 })) } }, 'anyOf'],
      [{ ...nps, targeting: { anyOf: [{ scrollPercent: 101 }] } }, 'scrollPercent'],
      [{ ...nps, appearance: { brandColor: 'red' } }, 'brandColor'],
      [{ ...nps, appearance: { radius: 25 } }, 'radius'],
      [{ ...nps, appearance: { position: 'top' } }, 'position'],
      [{ ...nps, appearance: { theme: 'sepia' } }, 'theme'],
      [{ ...nps, appearance: { font: 'x; } body { display: none' } }, 'font'],
      [{ ...nps, appearance: { font: 'url(https://evil.example/f)' } }, 'font'],
      [{ ...nps, appearance: { shadow: true } }, 'shadow'],
      [{ ...nps, targeting: { traits: [{ name: 'plan', values: [] }] } }, 'values'],
      [{ ...nps, targeting: { traits: [{ name: ' ', values: ['pro'] }] } }, 'name'],
      [{ ...nps, targeting: { traits: [{ name: 'x'.repeat(65), values: ['pro'] }] } }, 'name'],
      [{ ...nps, targeting: { traits: [{ name: 'plan', values: ['x'.repeat(257)] }] } }, 'values'],
      [{ ...nps, targeting: { traits: [{ name: 'plan', values: [1] }] } }, 'values'],
      [{ ...nps, targeting: { traits: [{ name: 'plan', values: ['pro'], extra: 1 }] } }, 'extra'],
      [
        {
          ...nps,
          targeting: {
            traits: [
              { name: 'plan', values: ['pro'] },
              { name: 'plan', values: ['team'] },
            ],
          },
        },
        'traits',
      ],
      [
        { ...nps, targeting: { traits: Array.from({ length: 21 }, (_, i) => ({ name: `t${i}`, values: ['x'] })) } },
        'traits',
      ],
    ];
    for (const [input, path] of cases) {
      const r = promptDefinitionSchema.safeParse(input);
      expect(r.success, JSON.stringify(input)).toBe(false);
      expect(JSON.stringify(r.error?.issues)).toContain(path);
    }
  });
});

describe('trait rules (targeting.traits)', () => {
  it('keeps each rule (name trimmed) and defaults to none', () => {
    const p = promptDefinitionSchema.parse({
      ...nps,
      targeting: {
        traits: [
          { name: ' plan ', values: ['pro', 'team'] },
          { name: 'beta', values: ['true'] },
        ],
      },
    });
    expect(p.targeting.traits).toEqual([
      { name: 'plan', values: ['pro', 'team'] },
      { name: 'beta', values: ['true'] },
    ]);
    expect(promptDefinitionSchema.parse(nps).targeting.traits).toEqual([]);
    expect(toPublicPrompt('p', p).targeting.traits).toEqual(p.targeting.traits);
  });
});

describe('rule groups (targeting.anyOf)', () => {
  it('fills each group with "no condition" for what it leaves out', () => {
    const p = promptDefinitionSchema.parse({
      ...nps,
      targeting: { anyOf: [{ timeOnPageSeconds: 5 }, { scrollPercent: 25 }] },
    });
    const [none] = withTargetingDefaults({ anyOf: [{} as never] }).anyOf;
    expect(p.targeting.anyOf).toEqual([
      { ...none, timeOnPageSeconds: 5 },
      { ...none, scrollPercent: 25 },
    ]);
  });

  it('every trigger condition can make a group', () => {
    for (const g of [
      { exitIntent: true },
      { minPageviews: 2 },
      { afterTrack: ['signup'] },
      { afterFrustration: true },
      { timeOnPageSeconds: 3, scrollPercent: 50 },
    ]) {
      expect(promptDefinitionSchema.safeParse({ ...nps, targeting: { anyOf: [g] } }).success, JSON.stringify(g)).toBe(
        true,
      );
    }
  });
});

describe('appearance', () => {
  it('accepts every member, each optional', () => {
    const full = {
      theme: 'dark',
      position: 'center',
      brandColor: '#0F766e',
      radius: 0,
      font: '"Noto Sans JP", Inter, sans-serif',
      colorScale: true,
    };
    expect(appearanceSchema.parse(full)).toEqual(full);
    expect(appearanceSchema.parse({})).toEqual({});
    expect(appearanceSchema.parse({ font: 'inherit' })).toEqual({ font: 'inherit' });
    expect(promptSettingsSchema.parse({})).toEqual({ globalCooldownDays: 14, appearance: {} });
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
    expect(promptPatchSchema.parse({ appearance: { radius: 4 } })).toEqual({ appearance: { radius: 4 } });
    expect(promptPatchSchema.safeParse({}).success).toBe(false);
    expect(promptPatchSchema.safeParse({ status: 'deleted' }).success).toBe(false);
  });
});

describe('publicPromptSchema', () => {
  it('strips what the widget does not need', () => {
    const def = promptDefinitionSchema.parse({ ...nps, targeting: { include: [{ match: 'prefix', value: '/shop' }] } });
    // As the server sends it: URL rules compiled, the frequency mode as waits.
    const compiled = (rules: UrlRule[]) => rules.map((r) => ({ ...r, pattern: urlRulePattern(r) }));
    const targeting = {
      ...def.targeting,
      include: compiled(def.targeting.include),
      exclude: compiled(def.targeting.exclude),
    };
    const full = { id: 'pr_1', ...def, targeting, frequency: toPublicFrequency(def.frequency), createdAt: 'x' };
    const pub = publicPromptSchema.parse(full);
    expect(pub).not.toHaveProperty('name');
    expect(pub).not.toHaveProperty('createdAt');
    expect(pub).not.toHaveProperty('status');
    expect(pub.targeting.include).toEqual([{ match: 'prefix', value: '/shop', pattern: '^/shop' }]);
    expect(pub.frequency).toEqual({
      shownWaitDays: 0,
      answeredWaitDays: -1,
      dismissWaitDays: DEFAULT_DISMISS_WAIT_DAYS,
      ignoreGlobalCooldown: false,
    });
  });
});

describe('toPublicPrompt', () => {
  it('compiles rules and frequency, and lays the prompt appearance over the site one', () => {
    const def = promptDefinitionSchema.parse({
      ...nps,
      targeting: { include: [{ match: 'prefix', value: '/shop' }], anyOf: [{ scrollPercent: 25 }] },
      appearance: { brandColor: '#112233', position: 'center' },
    });
    const pub = toPublicPrompt('pr_1', def, { brandColor: '#ffffff', radius: 4, theme: 'dark' });
    expect(publicPromptSchema.parse(pub)).toEqual(pub);
    expect(pub.targeting.include).toEqual([{ match: 'prefix', value: '/shop', pattern: '^/shop' }]);
    expect(pub.targeting.anyOf).toEqual(def.targeting.anyOf);
    expect(pub.appearance).toEqual({ brandColor: '#112233', position: 'center', radius: 4, theme: 'dark' });
    expect(pub).not.toHaveProperty('name');
  });

  it('reads a definition stored before rule groups and appearance existed', () => {
    const { anyOf: _gone, ...oldTargeting } = targetingSchema.parse({ delaySeconds: 2 });
    const old = {
      kind: 'csat' as const,
      defaultLanguage: 'en',
      texts: { en: { question: 'q' } },
      targeting: oldTargeting as never,
      frequency: { mode: 'once' as const, dismissWaitDays: 3, ignoreGlobalCooldown: false },
    };
    const pub = toPublicPrompt('pr_2', old);
    expect(pub.targeting.anyOf).toEqual([]);
    expect(pub.targeting.delaySeconds).toBe(2);
    expect(pub.appearance).toEqual({});
  });
});

describe('withTargetingDefaults', () => {
  it("fills each rule group's members too (a definition straight from a form)", () => {
    const t = withTargetingDefaults({ anyOf: [{ scrollPercent: 25 } as never] });
    expect(t.anyOf).toEqual([targetingSchema.parse({ anyOf: [{ scrollPercent: 25 }] }).anyOf[0]]);
  });
});
