import type { PublicPrompt, RuleGroup, TraitRule } from '@loupe/shared';
import type { DeviceClass } from '../device-class.js';
import { DAY_MS, frequencyGate } from './frequency-gate.js';
import { languageMatches } from './language-matches.js';
import { urlGate } from './match-url.js';
import type { PromptState, SessionRecord } from './prompt-state.js';
import { sampleDraw } from './sample-draw.js';
import type { Gate, TriggerGate } from './why-chunk-api.js';

/**
 * Everything the rules read about the visitor and the page, taken at one moment. `_` members: the
 * build shortens them (the loader carries this code, and every byte counts).
 */
export interface GateContext {
  /** Path (with the `#/route` under hash routing) and query of the page. */
  _path: string;
  _search: string;
  _device: DeviceClass;
  /** The visitor's language (the first of the widget's languages). */
  _language: string;
  _state: PromptState;
  _session: SessionRecord;
  _now: number;
  /** The site's global cooldown between any two prompts. */
  _cooldownDays: number;
  _secondsOnPage: number;
  _scrollDepth: number;
  _exitIntent: boolean;
  _hidden: boolean;
}

/** The gates of one set of trigger conditions: the top-level ones, or one rule group of `anyOf`. */
export function triggerGates(t: RuleGroup, c: GateContext): TriggerGate[] {
  const session = c._session;
  return [
    session.v < t.minPageviews && ['V', session.v],
    t.exitIntent && c._device !== 'desktop' && ['E'],
    c._secondsOnPage < t.timeOnPageSeconds && ['t', c._secondsOnPage],
    c._scrollDepth < t.scrollPercent && ['c', c._scrollDepth],
    t.exitIntent && !c._exitIntent && ['x'],
    t.afterTrack.length && !t.afterTrack.some((n) => (session.t || []).includes(n)) && ['k'],
    t.afterFrustration && !session.f && ['f'],
  ].filter(Boolean) as TriggerGate[];
}

/** Upper-case codes ('A'-'Z' sort before 'a') cannot change during this page view. */
export const isFixed = ([code]: Gate): boolean => code < 'a';

/**
 * Why `p` cannot show now, or [] when it can: every rule, in the order a site owner reads them.
 * The prompt shows when every top-level condition holds AND (`anyOf` is empty OR one of its rule
 * groups holds). Pure: the loader and the studio's preview page evaluate the same rules.
 */
export function promptGates(p: PublicPrompt, c: GateContext): Gate[] {
  const t = p.targeting;
  const { _state: state, _now: now } = c;
  const cooldownEnd = (state.g || 0) + c._cooldownDays * DAY_MS;
  const groups = t.anyOf.map((g) => triggerGates(g, c));
  return [
    urlGate(t, c._path, c._search),
    t.devices.length && !t.devices.includes(c._device) && ['D', c._device],
    t.languages.length && !t.languages.some((l) => languageMatches(c._language, l)) && ['L', c._language],
    traitGate(t.traits, c._session.c),
    sampleDraw(state.r, p.id) >= t.samplePercent && ['S'],
    frequencyGate(p.frequency, state.p[p.id], now),
    !p.frequency.ignoreGlobalCooldown && now < cooldownEnd && ['G', cooldownEnd],
    c._session.n && ['N'],
    ...triggerGates(t, c),
    groups.length && groups.every((g) => g.length) && [groups.every((g) => g.some(isFixed)) ? 'O' : 'o', groups],
    c._hidden && ['h'],
  ].filter(Boolean) as Gate[];
}

/** The first trait rule the session's traits (compared as text) do not meet, with their value. */
const traitGate = (rules: TraitRule[], traits: Record<string, unknown> = {}): Gate | undefined => {
  for (const r of rules) if (!r.values.includes(`${traits[r.name]}`)) return ['i', r, traits[r.name]];
};
