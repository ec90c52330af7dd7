import { z } from 'zod';
import {
  CSAT_STYLES,
  DEFAULT_DISMISS_WAIT_DAYS,
  DEFAULT_GLOBAL_PROMPT_COOLDOWN_DAYS,
  DEVICE_CLASSES,
  FREQUENCY_MODES,
  LOW_HIGH_BANDS,
  MAX_ID_LENGTH,
  MAX_PROMPT_DELAY_SECONDS,
  MAX_PROMPT_FONT_LENGTH,
  MAX_PROMPT_LANGUAGES,
  MAX_PROMPT_NAME_LENGTH,
  MAX_PROMPT_RADIUS,
  MAX_PROMPT_TEXT_LENGTH,
  MAX_PROMPT_WAIT_DAYS,
  MAX_RULE_GROUPS,
  MAX_SCALE_LABEL_LENGTH,
  MAX_TRACK_NAME_LENGTH,
  MAX_TRAIT_KEY_LENGTH,
  MAX_TRAIT_VALUE_LENGTH,
  MAX_TRAITS,
  MAX_URL_RULE_LENGTH,
  MAX_URL_RULES,
  NPS_BANDS,
  PROMPT_KINDS,
  PROMPT_POSITIONS,
  PROMPT_STATUSES,
  PROMPT_THEMES,
  STORED_PROMPT_STATUSES,
  URL_MATCH_TYPES,
} from './constants.js';

// Prompt definitions as site owners write them (secret-key API) and the public subset the widget
// reads from GET /v1/config. The widget imports only the *types* from here (zod stays server-side).

/** BCP 47-ish language tag: `en`, `pt-BR`, `zh-Hant-TW`. The widget compares case-insensitively. */
export const languageTagSchema = z
  .string()
  .regex(/^[a-zA-Z]{2,3}(?:-[a-zA-Z0-9]{2,8})*$/, 'must be a language tag like en, vi or pt-BR');

const text = (max = MAX_PROMPT_TEXT_LENGTH) => z.string().trim().min(1).max(max);

/**
 * One rule against the page's path and query (`/pricing?plan=pro`; the origin is implied by the
 * site key). `exact` ignores a trailing slash and compares the query only when the rule has one;
 * `prefix` is startsWith; `wildcard` matches the whole path with `*` as any run of characters (the
 * query too when the rule contains `?`); `regex` is an unanchored JavaScript regular expression.
 */
export const urlRuleSchema = z
  .strictObject({
    match: z.enum(URL_MATCH_TYPES),
    value: z.string().min(1).max(MAX_URL_RULE_LENGTH),
  })
  .superRefine((r, ctx) => {
    if (r.match === 'regex') {
      try {
        new RegExp(r.value);
      } catch (e) {
        ctx.addIssue({
          code: 'custom',
          path: ['value'],
          message: `invalid regular expression: ${(e as Error).message}`,
        });
      }
    } else if (!r.value.startsWith('/') && r.value !== '*') {
      ctx.addIssue({ code: 'custom', path: ['value'], message: 'must start with / (rules match the path and query)' });
    }
  });
export type UrlRule = z.infer<typeof urlRuleSchema>;

const urlRules = z.array(urlRuleSchema).max(MAX_URL_RULES);

/**
 * The conditions that become true during a visit (time, scroll, exit intent, page views, a track,
 * frustration): what a rule group of `anyOf` may hold. Without defaults, so PATCH can send any subset.
 */
const triggerFields = {
  /** Seconds the current page has been visible. */
  timeOnPageSeconds: z.number().int().min(0).max(MAX_PROMPT_DELAY_SECONDS),
  /** Scroll depth reached on the current page, in percent. */
  scrollPercent: z.number().int().min(0).max(100),
  /** Show when the pointer leaves through the top of the window. Desktop only. */
  exitIntent: z.boolean(),
  /** Page views so far in this session, counting the current one. */
  minPageviews: z.number().int().min(0).max(1000),
  /** Show only after one of these `loupe('track', name)` events in this session. Empty: no condition. */
  afterTrack: z.array(z.string().min(1).max(MAX_TRACK_NAME_LENGTH)).max(20),
  /** Show only after a rage click, dead click or JavaScript error in this session. */
  afterFrustration: z.boolean(),
};

const triggerDefaults = {
  timeOnPageSeconds: triggerFields.timeOnPageSeconds.default(0),
  scrollPercent: triggerFields.scrollPercent.default(0),
  exitIntent: triggerFields.exitIntent.default(false),
  minPageviews: triggerFields.minPageviews.default(0),
  afterTrack: triggerFields.afterTrack.default([]),
  afterFrustration: triggerFields.afterFrustration.default(false),
};

/**
 * One rule group of `anyOf`: every condition it sets must hold (AND). Members left out are no
 * condition; a group that sets none would always hold and make `anyOf` meaningless, so it is refused.
 */
export const ruleGroupSchema = z
  .strictObject(triggerDefaults)
  .refine(
    (g) =>
      g.timeOnPageSeconds > 0 ||
      g.scrollPercent > 0 ||
      g.exitIntent ||
      g.minPageviews > 0 ||
      g.afterTrack.length > 0 ||
      g.afterFrustration,
    {
      message:
        'a rule group needs at least one condition (time on page, scroll, exit intent, page views, a track event or frustration)',
    },
  );
export type RuleGroup = z.infer<typeof ruleGroupSchema>;

/**
 * OR between rule groups: the prompt shows when every top-level condition holds AND (`anyOf` is
 * empty OR any one group holds). "After 5 s or at 25 % scroll" is
 * `anyOf: [{ timeOnPageSeconds: 5 }, { scrollPercent: 25 }]`.
 */
const anyOf = z.array(ruleGroupSchema).max(MAX_RULE_GROUPS);

/**
 * One trait rule: the visitor's trait `name` (from `loupe('identify', id, traits)` in this session)
 * is one of `values`, compared as text (`true`, `42`). A visitor not identified yet matches no rule.
 */
export const traitRuleSchema = z.strictObject({
  name: z.string().trim().min(1).max(MAX_TRAIT_KEY_LENGTH),
  values: z.array(z.string().max(MAX_TRAIT_VALUE_LENGTH)).min(1).max(MAX_TRAITS),
});
export type TraitRule = z.infer<typeof traitRuleSchema>;

/** Every rule must hold (AND); one rule per trait name. Empty: no condition. */
const traitRules = z
  .array(traitRuleSchema)
  .max(MAX_TRAITS)
  .refine((rules) => new Set(rules.map((r) => r.name)).size === rules.length, {
    message: 'one rule per trait name',
  });

/** Fields of the targeting rules without defaults, so PATCH can send any subset. */
const targetingFields = {
  /** Empty: every page. */
  include: urlRules,
  /** An excluded page never shows the prompt, whatever `include` says. */
  exclude: urlRules,
  /** Empty: every device class. */
  devices: z.array(z.enum(DEVICE_CLASSES)).max(DEVICE_CLASSES.length),
  /** Visitor languages (`data-lang`, else `<html lang>`, else the browser's); `en` also matches `en-GB`. Empty: all. */
  languages: z.array(languageTagSchema).max(MAX_PROMPT_LANGUAGES),
  /** Traits the identified visitor must have (`plan` is `pro` or `team`, …); waits for identify. */
  traits: traitRules,
  /** Seconds to wait once every other condition holds; a route change cancels the wait. */
  delaySeconds: z.number().int().min(0).max(MAX_PROMPT_DELAY_SECONDS),
  ...triggerFields,
  /** Share of visitors who can see the prompt; a visitor's draw is stable across visits. */
  samplePercent: z.number().min(0).max(100),
  anyOf,
};

export const targetingSchema = z.strictObject({
  include: targetingFields.include.default([]),
  exclude: targetingFields.exclude.default([]),
  devices: targetingFields.devices.default([]),
  languages: targetingFields.languages.default([]),
  traits: targetingFields.traits.default([]),
  delaySeconds: targetingFields.delaySeconds.default(0),
  ...triggerDefaults,
  samplePercent: targetingFields.samplePercent.default(100),
  anyOf: targetingFields.anyOf.default([]),
});
export type Targeting = z.infer<typeof targetingSchema>;

const frequencyFields = {
  mode: z.enum(FREQUENCY_MODES),
  /** For `recurring`: days between displays. */
  everyDays: z.number().int().min(1).max(MAX_PROMPT_WAIT_DAYS),
  /** Days to wait after the visitor closed the prompt without answering. */
  dismissWaitDays: z.number().int().min(0).max(MAX_PROMPT_WAIT_DAYS),
  /** Let this prompt follow another one without waiting for the site's global cooldown. */
  ignoreGlobalCooldown: z.boolean(),
};

export const frequencySchema = z.strictObject({
  mode: frequencyFields.mode.default('until_answered'),
  everyDays: frequencyFields.everyDays.optional(),
  dismissWaitDays: frequencyFields.dismissWaitDays.default(DEFAULT_DISMISS_WAIT_DAYS),
  ignoreGlobalCooldown: frequencyFields.ignoreGlobalCooldown.default(false),
});
export type Frequency = z.infer<typeof frequencySchema>;

/**
 * The follow-up question after the score. `default` is asked for any score; a band key overrides
 * it for that band (NPS: detractor 0–6 / passive 7–8 / promoter 9–10; CSAT and CES: low / high).
 * No text for a band means no comment step for it.
 */
export const followUpSchema = z.strictObject({
  default: text().optional(),
  detractor: text().optional(),
  passive: text().optional(),
  promoter: text().optional(),
  low: text().optional(),
  high: text().optional(),
});
export type FollowUp = z.infer<typeof followUpSchema>;

/** The visitor-facing texts of one language. Labels override the built-in scale end labels. */
export const promptTextsSchema = z.strictObject({
  question: text(),
  followUp: followUpSchema.optional(),
  thanks: text().optional(),
  lowLabel: text(MAX_SCALE_LABEL_LENGTH).optional(),
  highLabel: text(MAX_SCALE_LABEL_LENGTH).optional(),
});
export type PromptTexts = z.infer<typeof promptTextsSchema>;

/**
 * How the prompt looks, per site (prompt settings) and per prompt; a prompt's members override the
 * site's, and members set by neither take the built-in look. Sites that style by hand keep their
 * `--loupe-*` CSS variables, which win over these.
 */
export const appearanceSchema = z.strictObject({
  /** `auto` (default) follows the host page's own colour scheme and background; `light` and `dark` force one. */
  theme: z.enum(PROMPT_THEMES).optional(),
  /** Default `bottom-right`; `center` is a dialog in the middle of the window over a dimmed page. */
  position: z.enum(PROMPT_POSITIONS).optional(),
  /** The accent: chosen score, buttons, focus ring (`#rrggbb`). Text on it is black or white, whichever reads better. */
  brandColor: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #4f46e5')
    .optional(),
  /** Corner radius of the card, in px (default 12). */
  radius: z.number().int().min(0).max(MAX_PROMPT_RADIUS).optional(),
  /**
   * A CSS font-family list (`"Inter", sans-serif`; the page must load the font), or `inherit` for the
   * host page's own font. Default: the system's UI font.
   */
  font: z
    .string()
    .trim()
    .min(1)
    .max(MAX_PROMPT_FONT_LENGTH)
    .regex(/^[\p{L}\p{N} ,'"._-]+$/u, 'must be a font-family list: names, quotes, commas and spaces only')
    .optional(),
  /** Colour-coded scale: detractor/low scores red, passive amber, promoter/high green. */
  colorScale: z.boolean().optional(),
});
export type Appearance = z.infer<typeof appearanceSchema>;

const textsByLanguage = z
  .record(languageTagSchema, promptTextsSchema)
  .refine((t) => Object.keys(t).length >= 1, { message: 'at least one language is required' })
  .refine((t) => Object.keys(t).length <= MAX_PROMPT_LANGUAGES, {
    message: `at most ${MAX_PROMPT_LANGUAGES} languages`,
  });

const definitionFields = {
  /** Internal name, never shown to visitors. */
  name: z.string().trim().min(1).max(MAX_PROMPT_NAME_LENGTH),
  kind: z.enum(PROMPT_KINDS),
  /** CSAT only: five stars (default) or five faces. */
  style: z.enum(CSAT_STYLES),
  status: z.enum(PROMPT_STATUSES),
  /** Used when none of the visitor's languages has texts. Must be a key of `texts`. */
  defaultLanguage: languageTagSchema,
  texts: textsByLanguage,
  appearance: appearanceSchema,
};

type DefinitionShape = {
  kind: (typeof PROMPT_KINDS)[number];
  style?: (typeof CSAT_STYLES)[number] | undefined;
  defaultLanguage: string;
  texts: Record<string, PromptTexts>;
  frequency: { mode: (typeof FREQUENCY_MODES)[number]; everyDays?: number | undefined };
};

/** Rules that span fields; applied to create, replace and the merged result of a patch. */
function checkDefinition(d: DefinitionShape, ctx: z.RefinementCtx): void {
  if (d.style && d.kind !== 'csat') {
    ctx.addIssue({ code: 'custom', path: ['style'], message: 'style applies to csat prompts only' });
  }
  const langs = Object.keys(d.texts).map((l) => l.toLowerCase());
  if (new Set(langs).size !== langs.length) {
    ctx.addIssue({ code: 'custom', path: ['texts'], message: 'a language appears twice (keys are case-insensitive)' });
  }
  if (!langs.includes(d.defaultLanguage.toLowerCase())) {
    ctx.addIssue({
      code: 'custom',
      path: ['defaultLanguage'],
      message: `texts has no entry for the default language "${d.defaultLanguage}"`,
    });
  }
  const allowed: readonly string[] = d.kind === 'nps' ? NPS_BANDS : LOW_HIGH_BANDS;
  for (const [lang, t] of Object.entries(d.texts)) {
    for (const band of Object.keys(t.followUp ?? {})) {
      if (band !== 'default' && !allowed.includes(band)) {
        ctx.addIssue({
          code: 'custom',
          path: ['texts', lang, 'followUp', band],
          message: `${d.kind} follow-up bands are ${allowed.join(', ')} (or default)`,
        });
      }
    }
  }
  if (d.frequency.mode === 'recurring' && d.frequency.everyDays === undefined) {
    ctx.addIssue({ code: 'custom', path: ['frequency', 'everyDays'], message: 'recurring prompts need everyDays' });
  }
  if (d.frequency.mode !== 'recurring' && d.frequency.everyDays !== undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['frequency', 'everyDays'],
      message: 'everyDays applies to recurring prompts only',
    });
  }
}

const definitionObject = z.strictObject({
  name: definitionFields.name,
  kind: definitionFields.kind,
  style: definitionFields.style.optional(),
  status: definitionFields.status.default('active'),
  defaultLanguage: definitionFields.defaultLanguage.default('en'),
  texts: definitionFields.texts,
  targeting: targetingSchema.prefault({}),
  frequency: frequencySchema.prefault({}),
  /** Overrides the site's appearance (prompt settings) member by member. */
  appearance: appearanceSchema.prefault({}),
});

/** POST /v1/prompts and PUT /v1/prompts/:id (a full replacement). */
export const promptDefinitionSchema = definitionObject.superRefine(checkDefinition);
export type PromptDefinition = z.infer<typeof promptDefinitionSchema>;
export type PromptDefinitionInput = z.input<typeof promptDefinitionSchema>;

/**
 * PATCH /v1/prompts/:id: top-level members replace the stored ones, except `targeting` and
 * `frequency`, whose members are merged one by one. `texts`, `appearance` and `targeting.anyOf`
 * are replaced as a whole. The merged
 * result is validated again with promptDefinitionSchema. `style: null` removes the style.
 */
export const promptPatchSchema = z
  .strictObject({
    name: definitionFields.name,
    kind: definitionFields.kind,
    style: definitionFields.style.nullable(),
    status: definitionFields.status,
    defaultLanguage: definitionFields.defaultLanguage,
    texts: definitionFields.texts,
    appearance: definitionFields.appearance,
    targeting: z.strictObject(targetingFields).partial(),
    frequency: z.strictObject({ ...frequencyFields, everyDays: frequencyFields.everyDays.nullable() }).partial(),
  })
  .partial()
  .refine((p) => Object.keys(p).length > 0, { message: 'the patch is empty' });
export type PromptPatch = z.input<typeof promptPatchSchema>;

export const promptIdSchema = z.string().min(1).max(MAX_ID_LENGTH);

/** A stored prompt as the secret-key API returns it. */
export const promptSchema = definitionObject.extend({
  id: promptIdSchema,
  status: z.enum(STORED_PROMPT_STATUSES).meta({
    description:
      'active: shown; paused: not shown; archived: deleted by its owner, kept so its answers keep their prompt',
  }),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Prompt = z.infer<typeof promptSchema>;
export type PromptStatus = Prompt['status'];

export const promptListSchema = z.object({ prompts: z.array(promptSchema) });
export type PromptList = z.infer<typeof promptListSchema>;

/** GET /v1/prompts: archived prompts are left out unless asked for. */
export const promptListQuerySchema = z.strictObject({
  archived: z
    .enum(['exclude', 'include', 'only'])
    .default('exclude')
    .meta({ description: 'Archived (deleted) prompts: left out (default), listed too, or listed alone' }),
});
export type PromptListQuery = z.input<typeof promptListQuerySchema>;

export const promptSettingsSchema = z.strictObject({
  /** After any prompt is shown to a visitor, no prompt is shown to them for this many days. */
  globalCooldownDays: z.number().int().min(0).max(MAX_PROMPT_WAIT_DAYS).default(DEFAULT_GLOBAL_PROMPT_COOLDOWN_DAYS),
  /** The site's look for every prompt; each prompt's own `appearance` overrides it member by member. */
  appearance: appearanceSchema.prefault({}),
});
export type PromptSettings = z.infer<typeof promptSettingsSchema>;

// ---- The public config (GET /v1/config?key=pk_…) -------------------------------------------------

/** A URL rule as the owner wrote it (for `loupe('why')`) and compiled (url-rule-pattern.ts). */
export const publicUrlRuleSchema = z.object({
  match: z.enum(URL_MATCH_TYPES),
  value: z.string(),
  /** RegExp source, tested against the percent-decoded path followed by the query. */
  pattern: z.string(),
});
export type PublicUrlRule = z.infer<typeof publicUrlRuleSchema>;

export const publicTargetingSchema = z.object({
  ...targetingSchema.shape,
  include: z.array(publicUrlRuleSchema),
  exclude: z.array(publicUrlRuleSchema),
  anyOf: z.array(ruleGroupSchema),
});
export type PublicTargeting = z.infer<typeof publicTargetingSchema>;

/** The frequency mode as waits in days after a display, an answer and a dismissal; -1: never again. */
const publicWaitDays = z.number().int().min(-1);
export const publicFrequencySchema = z.object({
  shownWaitDays: publicWaitDays,
  answeredWaitDays: publicWaitDays,
  dismissWaitDays: publicWaitDays,
  ignoreGlobalCooldown: z.boolean(),
});
export type PublicFrequency = z.infer<typeof publicFrequencySchema>;

/**
 * Only what the widget needs to decide and render; no names, timestamps or paused prompts. URL
 * rules arrive compiled and the frequency mode as waits, so the loader stays small.
 */
export const publicPromptSchema = z.object({
  id: promptIdSchema,
  kind: definitionFields.kind,
  style: definitionFields.style.optional(),
  defaultLanguage: languageTagSchema,
  texts: z.record(z.string(), promptTextsSchema),
  targeting: publicTargetingSchema,
  frequency: publicFrequencySchema,
  /** The site's appearance with the prompt's own members over it. */
  appearance: appearanceSchema,
});
export type PublicPrompt = z.infer<typeof publicPromptSchema>;

export const publicConfigSchema = z.object({
  /** Days after any display before a visitor sees another prompt. */
  cooldownDays: z.number().int().min(0),
  /** In priority order: when several are eligible, the first one is shown. */
  prompts: z.array(publicPromptSchema),
});
export type PublicConfig = z.infer<typeof publicConfigSchema>;

export const configQuerySchema = z.object({
  key: z.string().min(1).max(MAX_ID_LENGTH),
});
