import type { RuleGroup } from '@loupe/shared';
import type { FrequencyEvent, Gate, TriggerGate, Why, WhyInput, WhyState } from './why-chunk-api.js';

const iso = (t: number) => new Date(t).toISOString();
const DAY_MS = 864e5;

const FREQUENCY_EVENTS: Record<FrequencyEvent, string> = { a: 'answered', s: 'shown', d: 'dismissed' };

const STATES: Record<WhyState, string> = {
  C: 'config not loaded yet',
  U: 'no active prompt with this id (unknown, paused or deleted)',
  O: 'showing now',
  A: 'another prompt is showing',
  P: 'the prompt UI failed to load',
  R: 'the prompt rules failed to load',
};

/** A trigger gate's sentence; `t` holds the thresholds (the prompt's targeting or one rule group). */
function triggerSentence(gate: TriggerGate, t?: RuleGroup): string {
  switch (gate[0]) {
    case 'V':
      return `${gate[1]} of ${t?.minPageviews} page views`;
    case 'E':
      return 'exit intent needs a desktop';
    case 't':
      return `${gate[1]} of ${t?.timeOnPageSeconds} s on page`;
    case 'c':
      return `scrolled ${gate[1]} of ${t?.scrollPercent}%`;
    case 'x':
      return 'waiting for exit intent';
    case 'k':
      return `waiting for track ${t?.afterTrack.join(', ')}`;
    case 'f':
      return 'waiting for frustration';
  }
}

/**
 * Entry of the `why` chunk: the sentences behind the loader's gate codes (why-chunk-api.ts).
 * Loaded only when someone asks, so the explanations cost the loader nothing.
 */
export function explain({ id, prompt, state, gates = [], due }: WhyInput): Why {
  const t = prompt?.targeting;
  const sentence = (gate: Gate): string => {
    switch (gate[0]) {
      case 'X':
        return `page ${gate[1]} excluded by ${gate[2].match} ${gate[2].value}`;
      case 'I':
        return `page ${gate[1]} not included`;
      case 'D':
        return `device ${gate[1]} not targeted`;
      case 'L':
        return `language ${gate[1] || '(none)'} not targeted`;
      case 'S':
        return `outside the ${t?.samplePercent}% sample`;
      case 'F': {
        const [, event, at, days] = gate;
        return `${FREQUENCY_EVENTS[event]} ${iso(at)}; ${days < 0 ? 'never again' : `again after ${iso(at + days * DAY_MS)}`}`;
      }
      case 'G':
        return `global cooldown until ${iso(gate[1])}`;
      case 'N':
        return 'a prompt was shown this session';
      case 'h':
        return 'page hidden';
      case 'i':
        return `waiting for identify with trait ${gate[1].name} = ${gate[1].values.join(' or ')} (${gate[2] == null ? 'not set' : `is ${gate[2]}`})`;
      case 'O':
      case 'o':
        return `no rule group holds: ${gate[1]
          .map((g, i) => `group ${i + 1}: ${g.map((x) => triggerSentence(x, t?.anyOf[i])).join(', ')}`)
          .join('; ')}`;
      default:
        return triggerSentence(gate, t);
    }
  };
  const reasons = state ? [STATES[state] ?? state] : gates.map(sentence);
  const eligible = !reasons.length;
  if (eligible)
    reasons.push(due && due > Date.now() ? `eligible; shows after its ${t?.delaySeconds} s delay` : 'eligible');
  return { promptId: id, eligible, reasons };
}
