import type { Prompt } from '@loupe/shared';

// The prompt form's own model: every option as an editable value (numbers as the text typed, so
// a bad value reaches the server and comes back as a message at its field), turned into the API's
// definition by toDefinition().

export type Kind = 'nps' | 'csat' | 'ces';
export type Band = 'default' | 'detractor' | 'passive' | 'promoter' | 'low' | 'high';
export interface DraftRule {
  match: 'exact' | 'prefix' | 'wildcard' | 'regex';
  value: string;
}
export interface DraftTexts {
  lang: string;
  question: string;
  followUp: Partial<Record<Band, string>>;
  thanks: string;
  lowLabel: string;
  highLabel: string;
}
/** The conditions a rule group (OR) may hold; also the top-level ones (AND). */
export interface DraftTriggers {
  timeOnPageSeconds: string;
  scrollPercent: string;
  exitIntent: boolean;
  minPageviews: string;
  afterTrack: string;
  afterFrustration: boolean;
}
export interface DraftAppearance {
  theme: '' | 'auto' | 'light' | 'dark';
  position: '' | 'bottom-right' | 'bottom-left' | 'center';
  brandColor: string;
  radius: string;
  font: string;
  colorScale: '' | 'on' | 'off';
}
/** A trait rule as typed: the trait's name, and its values one per line (a value may hold a comma). */
export interface DraftTraitRule {
  name: string;
  values: string;
}
export interface Draft {
  name: string;
  kind: Kind;
  style: '' | 'stars' | 'faces';
  status: 'active' | 'paused';
  defaultLanguage: string;
  texts: DraftTexts[];
  include: DraftRule[];
  exclude: DraftRule[];
  devices: string[];
  languages: string;
  traits: DraftTraitRule[];
  delaySeconds: string;
  triggers: DraftTriggers;
  anyOf: DraftTriggers[];
  samplePercent: string;
  frequency: {
    mode: 'once' | 'until_answered' | 'recurring';
    everyDays: string;
    dismissWaitDays: string;
    ignoreGlobalCooldown: boolean;
  };
  appearance: DraftAppearance;
}

export const BANDS: Record<Kind, Band[]> = {
  nps: ['default', 'detractor', 'passive', 'promoter'],
  csat: ['default', 'low', 'high'],
  ces: ['default', 'low', 'high'],
};

export const emptyTriggers = (): DraftTriggers => ({
  timeOnPageSeconds: '',
  scrollPercent: '',
  exitIntent: false,
  minPageviews: '',
  afterTrack: '',
  afterFrustration: false,
});

export const emptyTexts = (lang: string): DraftTexts => ({
  lang,
  question: '',
  followUp: {},
  thanks: '',
  lowLabel: '',
  highLabel: '',
});

export const newDraft = (): Draft => ({
  name: '',
  kind: 'nps',
  style: '',
  status: 'active',
  defaultLanguage: 'en',
  texts: [emptyTexts('en')],
  include: [],
  exclude: [],
  devices: [],
  languages: '',
  traits: [],
  delaySeconds: '',
  triggers: emptyTriggers(),
  anyOf: [],
  samplePercent: '100',
  frequency: { mode: 'until_answered', everyDays: '', dismissWaitDays: '30', ignoreGlobalCooldown: false },
  appearance: { theme: '', position: '', brandColor: '', radius: '', font: '', colorScale: '' },
});

const str = (n: number | undefined) => (n === undefined || n === 0 ? '' : String(n));

type Stored = Prompt & {
  targeting: Prompt['targeting'] & { anyOf?: Record<string, unknown>[] };
  appearance?: Record<string, unknown>;
};

function triggersOf(t: Record<string, unknown>): DraftTriggers {
  return {
    timeOnPageSeconds: str(t.timeOnPageSeconds as number),
    scrollPercent: str(t.scrollPercent as number),
    exitIntent: t.exitIntent === true,
    minPageviews: str(t.minPageviews as number),
    afterTrack: ((t.afterTrack as string[] | undefined) ?? []).join(', '),
    afterFrustration: t.afterFrustration === true,
  };
}

/** A stored appearance (the API's) as the form edits it. */
export function appearanceOf(a: Record<string, unknown>): DraftAppearance {
  return {
    theme: (a.theme as DraftAppearance['theme']) ?? '',
    position: (a.position as DraftAppearance['position']) ?? '',
    brandColor: (a.brandColor as string) ?? '',
    radius: a.radius === undefined ? '' : String(a.radius),
    font: (a.font as string) ?? '',
    colorScale: a.colorScale === undefined ? '' : a.colorScale ? 'on' : 'off',
  };
}

/** The members of an appearance that are set, as the API takes them. */
export function appearanceBody(a: DraftAppearance): Record<string, unknown> {
  return {
    ...(a.theme ? { theme: a.theme } : {}),
    ...(a.position ? { position: a.position } : {}),
    ...(a.brandColor ? { brandColor: a.brandColor } : {}),
    ...(a.radius.trim() ? { radius: number(a.radius, 0) } : {}),
    ...(a.font.trim() ? { font: a.font } : {}),
    ...(a.colorScale ? { colorScale: a.colorScale === 'on' } : {}),
  };
}

/** A stored prompt as the form edits it. */
export function fromPrompt(stored: Prompt): Draft {
  const p = stored as Stored;
  const a = p.appearance ?? {};
  return {
    name: p.name,
    kind: p.kind,
    style: p.style ?? '',
    status: p.status === 'paused' ? 'paused' : 'active',
    defaultLanguage: p.defaultLanguage,
    texts: Object.entries(p.texts).map(([lang, t]) => ({
      lang,
      question: t.question,
      followUp: { ...(t.followUp ?? {}) },
      thanks: t.thanks ?? '',
      lowLabel: t.lowLabel ?? '',
      highLabel: t.highLabel ?? '',
    })),
    include: p.targeting.include.map((r) => ({ ...r })),
    exclude: p.targeting.exclude.map((r) => ({ ...r })),
    devices: [...p.targeting.devices],
    languages: p.targeting.languages.join(', '),
    traits: (p.targeting.traits ?? []).map((r) => ({ name: r.name, values: r.values.join('\n') })),
    delaySeconds: str(p.targeting.delaySeconds),
    triggers: triggersOf(p.targeting),
    anyOf: (p.targeting.anyOf ?? []).map(triggersOf),
    samplePercent: String(p.targeting.samplePercent),
    frequency: {
      mode: p.frequency.mode,
      everyDays: str(p.frequency.everyDays),
      dismissWaitDays: String(p.frequency.dismissWaitDays),
      ignoreGlobalCooldown: p.frequency.ignoreGlobalCooldown,
    },
    appearance: appearanceOf(a),
  };
}

/** A number field: empty is its default; anything else is sent as typed when it is not a number. */
function number(text: string, fallback: number): number | string {
  const t = text.trim();
  if (t === '') return fallback;
  const n = Number(t);
  return Number.isFinite(n) ? n : t;
}
const list = (text: string) =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
/** One value per line, each trimmed, empty lines left out. */
const lines = (text: string) =>
  text
    .split('\n')
    .map((s) => s.trim())
    .filter(Boolean);
const optional = (text: string) => (text.trim() === '' ? undefined : text);

function triggersBody(t: DraftTriggers, sparse: boolean) {
  const all = {
    timeOnPageSeconds: number(t.timeOnPageSeconds, 0),
    scrollPercent: number(t.scrollPercent, 0),
    exitIntent: t.exitIntent,
    minPageviews: number(t.minPageviews, 0),
    afterTrack: list(t.afterTrack),
    afterFrustration: t.afterFrustration,
  };
  if (!sparse) return all;
  // A rule group names only the conditions it sets.
  return Object.fromEntries(
    Object.entries(all).filter(([, v]) => v !== 0 && v !== false && !(Array.isArray(v) && v.length === 0)),
  );
}

/** The definition the API takes (POST / PUT /v1/prompts), and what the preview renders. */
export function toDefinition(d: Draft): Record<string, unknown> {
  const texts = Object.fromEntries(
    d.texts.map((t) => {
      const followUp = Object.fromEntries(
        BANDS[d.kind].flatMap((b) => (t.followUp[b]?.trim() ? [[b, t.followUp[b]]] : [])),
      );
      const entry = {
        question: t.question,
        ...(Object.keys(followUp).length ? { followUp } : {}),
        ...(optional(t.thanks) ? { thanks: t.thanks } : {}),
        ...(optional(t.lowLabel) ? { lowLabel: t.lowLabel } : {}),
        ...(optional(t.highLabel) ? { highLabel: t.highLabel } : {}),
      };
      return [t.lang, entry];
    }),
  );
  const appearance = appearanceBody(d.appearance);
  const frequency = {
    mode: d.frequency.mode,
    ...(d.frequency.mode === 'recurring' || d.frequency.everyDays.trim()
      ? { everyDays: number(d.frequency.everyDays, 0) }
      : {}),
    dismissWaitDays: number(d.frequency.dismissWaitDays, 30),
    ignoreGlobalCooldown: d.frequency.ignoreGlobalCooldown,
  };
  return {
    name: d.name,
    kind: d.kind,
    ...(d.kind === 'csat' && d.style ? { style: d.style } : {}),
    status: d.status,
    defaultLanguage: d.defaultLanguage,
    texts,
    targeting: {
      include: d.include,
      exclude: d.exclude,
      devices: d.devices,
      languages: list(d.languages),
      traits: d.traits.map((r) => ({ name: r.name.trim(), values: lines(r.values) })),
      delaySeconds: number(d.delaySeconds, 0),
      ...triggersBody(d.triggers, false),
      samplePercent: number(d.samplePercent, 100),
      // Sent only when used, so servers without rule groups still take the rest.
      ...(d.anyOf.length ? { anyOf: d.anyOf.map((g) => triggersBody(g, true)) } : {}),
    },
    frequency,
    ...(Object.keys(appearance).length ? { appearance } : {}),
  };
}
