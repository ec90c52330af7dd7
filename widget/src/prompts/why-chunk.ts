import type { Gate, Why, WhyInput } from './why-chunk-api.js';

const iso = (t: number) => new Date(t).toISOString();
const DAY_MS = 864e5;

const FREQUENCY_EVENTS: Record<string, string> = { a: 'answered', s: 'shown', d: 'dismissed' };

const STATES: Record<string, string> = {
  C: 'config not loaded yet',
  U: 'no active prompt with this id (unknown, paused or deleted)',
  O: 'showing now',
  A: 'another prompt is showing',
  P: 'the prompt UI failed to load',
};

/**
 * Entry of the `why` chunk: the sentences behind the loader's gate codes (why-chunk-api.ts).
 * Loaded only when someone asks, so the explanations cost the loader nothing.
 */
export function explain({ id, prompt, state, gates = [], due }: WhyInput): Why {
  const t = prompt?.targeting;
  const sentence = ([code, a, b, c]: Gate): string => {
    switch (code) {
      case 'X': {
        const rule = b as { match: string; value: string };
        return `page ${a} excluded by ${rule.match} ${rule.value}`;
      }
      case 'I':
        return `page ${a} not included`;
      case 'D':
        return `device ${a} not targeted`;
      case 'L':
        return `language ${a || '(none)'} not targeted`;
      case 'S':
        return `outside the ${t?.samplePercent}% sample`;
      case 'F': {
        const days = c as number;
        return `${FREQUENCY_EVENTS[a as string]} ${iso(b as number)}; ${days < 0 ? 'never again' : `again after ${iso((b as number) + days * DAY_MS)}`}`;
      }
      case 'G':
        return `global cooldown until ${iso(a as number)}`;
      case 'N':
        return 'a prompt was shown this session';
      case 'V':
        return `${a} of ${t?.minPageviews} page views`;
      case 'E':
        return 'exit intent needs a desktop';
      case 't':
        return `${a} of ${t?.timeOnPageSeconds} s on page`;
      case 'c':
        return `scrolled ${a} of ${t?.scrollPercent}%`;
      case 'x':
        return 'waiting for exit intent';
      case 'k':
        return `waiting for track ${t?.afterTrack.join(', ')}`;
      case 'f':
        return 'waiting for frustration';
      case 'h':
        return 'page hidden';
      default:
        return `rule ${code}`;
    }
  };
  const reasons = state ? [STATES[state] ?? state] : gates.map(sentence);
  const eligible = !reasons.length;
  if (eligible) reasons.push(due && due > Date.now() ? `eligible; shows after its ${t?.delaySeconds} s delay` : 'eligible');
  return { promptId: id, eligible, reasons };
}
