import type { PageStats } from '@loupe/shared';
import { t, tn } from '../i18n/catalogue.js';
import { formatVital } from '../i18n/format.js';

/**
 * All the friction a page's visitors met: rage, dead and error clicks and JS errors; null when the
 * clicks are unknown (an audience filter: they are not kept per visit), rather than a part of it.
 */
export const frictionOf = (p: PageStats): number | null =>
  p.rageClicks === null || p.deadClicks === null || p.errorClicks === null
    ? null
    : p.rageClicks + p.deadClicks + p.errorClicks + p.jsErrors;

/** A Web Vital's p75, coloured by its rating (good / needs improvement / poor), with the rating in words. */
export function VitalBadge({ name, vital }: { name: string; vital: PageStats['vitals'][keyof PageStats['vitals']] }) {
  if (!vital) return <span class="muted">{formatVital(name, null)}</span>;
  return (
    <span
      class={`vital ${vital.rating}`}
      title={`${t(`pages.rating.${vital.rating}`)} · ${tn('pages.samples', vital.samples)}`}
    >
      {formatVital(name, vital.p75)}
      <span class="visually-hidden"> ({t(`pages.rating.${vital.rating}`)})</span>
    </span>
  );
}
