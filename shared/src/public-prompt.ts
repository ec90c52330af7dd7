import type { Appearance, PromptDefinition, PublicPrompt, RuleGroup, Targeting, UrlRule } from './prompts.js';
import { toPublicFrequency } from './public-frequency.js';
import { urlRulePattern } from './url-rule-pattern.js';

// Zero-dependency (types and the two compilers only): the server builds GET /v1/config with it, and
// the prompt preview page builds the same public prompt from a definition being edited, in the
// browser, without zod.

/** What of a definition the widget's copy is made from. */
export type PublicPromptSource = Pick<
  PromptDefinition,
  'kind' | 'style' | 'defaultLanguage' | 'texts' | 'targeting' | 'frequency'
> & {
  /** Absent in prompts stored before appearance existed. */
  appearance?: Appearance;
};

/** A rule group's conditions left out: no condition (the schema's defaults). */
const NO_TRIGGER: RuleGroup = {
  timeOnPageSeconds: 0,
  scrollPercent: 0,
  exitIntent: false,
  minPageviews: 0,
  afterTrack: [],
  afterFrustration: false,
};

/**
 * The targeting members a definition leaves out, with the schema's defaults (no condition, the
 * whole sample); a test keeps them equal to `targetingSchema.parse({})`. Also fills `anyOf` in
 * targeting stored before rule groups existed, and each group's members (a definition being
 * edited in the studio's preview has not been through the schema).
 */
export function withTargetingDefaults(t: Partial<Targeting>): Targeting {
  const filled: Targeting = {
    include: [],
    exclude: [],
    devices: [],
    languages: [],
    traits: [],
    delaySeconds: 0,
    ...NO_TRIGGER,
    samplePercent: 100,
    anyOf: [],
    ...t,
  };
  return { ...filled, anyOf: filled.anyOf.map((g) => ({ ...NO_TRIGGER, ...g })) };
}

/** The site's appearance with the prompt's own members over it; members set by neither stay unset. */
export function effectiveAppearance(site: Appearance = {}, own: Appearance = {}): Appearance {
  return { ...site, ...own };
}

const publicUrlRule = (r: UrlRule) => ({ ...r, pattern: urlRulePattern(r) });

/**
 * The widget's copy of a prompt (GET /v1/config): only what it needs to decide and render, with URL
 * rules compiled to patterns, the frequency mode as waits and the appearance resolved.
 */
export function toPublicPrompt(id: string, def: PublicPromptSource, siteAppearance?: Appearance): PublicPrompt {
  const targeting = withTargetingDefaults(def.targeting);
  return {
    id,
    kind: def.kind,
    ...(def.style ? { style: def.style } : {}),
    defaultLanguage: def.defaultLanguage,
    texts: def.texts,
    targeting: {
      ...targeting,
      include: targeting.include.map(publicUrlRule),
      exclude: targeting.exclude.map(publicUrlRule),
    },
    frequency: toPublicFrequency(def.frequency),
    appearance: effectiveAppearance(siteAppearance, def.appearance),
  };
}
