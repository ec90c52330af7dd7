import type { MessageKey } from '../i18n/en.js';
import { t } from '../i18n/catalogue.js';
import { formatCount, formatPercent } from '../i18n/format.js';

/** What an answer says of the sample it was estimated from (the API's `sampled`): of sessions, answers or people. */
export type Sample =
  | { rate: number; sessions: number }
  | { rate: number; answers: number }
  | { rate: number; people: number };

/**
 * That the figures beside it were estimated from a sample of sessions, and how large, when the API
 * says so. An estimate must never pass for a count: it is said in words, next to what it qualifies.
 */
export function SampledNote({ sampled, message }: { sampled: Sample | undefined; message?: MessageKey }) {
  if (!sampled) return null;
  const rate = formatPercent(sampled.rate * 100);
  return (
    // data-sample-of tells the two notes apart where a view shows both (the overview, its graph, its pages).
    <p class="field-hint" data-sampled={sampled.rate} data-sample-of={sampleOf(sampled)}>
      {'answers' in sampled
        ? t(message ?? 'sample.answersNote', { rate, answers: formatCount(sampled.answers) })
        : 'people' in sampled
          ? t(message ?? 'sample.peopleNote', { rate, people: formatCount(sampled.people) })
          : t(message ?? 'sample.note', { rate, sessions: formatCount(sampled.sessions) })}
    </p>
  );
}

const sampleOf = (s: Sample) => ('answers' in s ? 'answers' : 'people' in s ? 'people' : 'sessions');
