import type { MessageKey } from '../i18n/en.js';
import { t } from '../i18n/catalogue.js';
import { formatCount, formatPercent } from '../i18n/format.js';

/** What an answer says of the sample it was estimated from (the API's `sampled`). */
export interface Sample {
  rate: number;
  sessions: number;
}

/**
 * That the figures beside it were estimated from a sample of sessions, and how large, when the API
 * says so. An estimate must never pass for a count: it is said in words, next to what it qualifies.
 */
export function SampledNote({
  sampled,
  message = 'sample.note',
}: {
  sampled: Sample | undefined;
  message?: MessageKey;
}) {
  if (!sampled) return null;
  return (
    <p class="field-hint" data-sampled={sampled.rate}>
      {t(message, { rate: formatPercent(sampled.rate * 100), sessions: formatCount(sampled.sessions) })}
    </p>
  );
}
