import type { PublicPrompt, PublicUrlRule, TraitRule } from '@loupe/shared';
import type { DeviceClass } from '../device-class.js';
import type { Why } from './why.js';

// The contract between the loader and the lazily loaded `why` chunk. The loader decides with
// compact gate codes; the chunk, downloaded only when someone calls `loupe('why', …)`, turns them
// into sentences. Separate bundles: no `_` members here (esbuild mangles those per bundle).

/** When a prompt was last answered (a), shown (s) or dismissed (d): the keys of its PromptRecord. */
export type FrequencyEvent = 'a' | 's' | 'd';

/**
 * The rules of a trigger that can hold a prompt back, each a code and the values its sentence
 * needs (the thresholds come from the prompt or the rule group). Upper case: cannot change during
 * this page view; lower case: can, so the loader keeps re-checking.
 */
export type TriggerGate =
  /** Page views of this session so far, under `minPageviews`. */
  | [code: 'V', pageviews: number]
  /** Exit intent is a pointer leaving through the top: never on touch devices. */
  | [code: 'E']
  /** Seconds on this page so far, under `timeOnPageSeconds`. */
  | [code: 't', seconds: number]
  /** Scroll depth so far (%), under `scrollPercent`. */
  | [code: 'c', depth: number]
  /** Waiting for exit intent. */
  | [code: 'x']
  /** Waiting for one of the `afterTrack` events. */
  | [code: 'k']
  /** Waiting for a rage click, dead click or JavaScript error. */
  | [code: 'f'];

/** One rule that holds a prompt back. */
export type Gate =
  | TriggerGate
  /** The page is excluded by this rule. */
  | [code: 'X', path: string, rule: PublicUrlRule]
  /** The page matches none of the `include` rules. */
  | [code: 'I', path: string]
  | [code: 'D', device: DeviceClass]
  | [code: 'L', language: string]
  /** Outside the sample. */
  | [code: 'S']
  /** The prompt's own frequency: what happened, when, and the wait in days (-1: never again). */
  | [code: 'F', event: FrequencyEvent, at: number, waitDays: number]
  /** The global cooldown between any two prompts runs until then. */
  | [code: 'G', cooldownEnd: number]
  /** A prompt was already shown this session. */
  | [code: 'N']
  /** The page is hidden. */
  | [code: 'h']
  /** The visitor's trait (undefined: not identified with it) does not meet this rule yet. */
  | [code: 'i', rule: TraitRule, value: unknown]
  /**
   * No rule group of `anyOf` holds; each group's own gates, in its order. Upper case when every
   * group is held back by a gate that cannot change during this page view.
   */
  | [code: 'O' | 'o', groups: TriggerGate[][]];

export type GateCode = Gate[0];

/**
 * Why a prompt's rules were not evaluated: C config not loaded · U no such active prompt ·
 * O showing now · A another prompt is showing · P the prompt UI failed to load · R the prompt
 * rules failed to load.
 */
export type WhyState = 'C' | 'U' | 'O' | 'A' | 'P' | 'R';

/** What the loader knows about one prompt at the call. `state` when the rules were not evaluated. */
export interface WhyInput {
  id: string;
  prompt?: PublicPrompt;
  state?: WhyState;
  gates?: Gate[];
  /** When the prompt's delay ends (epoch ms), while it is eligible. */
  due?: number;
}

// Its own file: it is part of the package's public types, which must not need @loupe/shared.
export type { Why } from './why.js';

export interface WhyChunk {
  explain(input: WhyInput): Why;
}

export type WhyLoader = () => Promise<WhyChunk>;
