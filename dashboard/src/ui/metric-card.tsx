import type { Change } from '@loupe/shared';
import type { ComponentChildren } from 'preact';
import { t } from '../i18n/catalogue.js';
import { formatPercent, formatScore } from '../i18n/format.js';
import { formatMetric, type MetricUnit, rawValue } from './metric-format.js';

export interface MetricCardProps {
  /** The figure's name in data-metric (the API's field name). */
  metric: string;
  label: string;
  unit: MetricUnit;
  change: Change | undefined;
  /** Whether a rise is good news (bounce rate, time to resolve: no). */
  higherIsBetter?: boolean;
  selected?: boolean;
  /** Makes the card a button that shows this figure in the main graph. */
  onSelect?: () => void;
  loading?: boolean;
  children?: ComponentChildren;
}

function ChangeBadge({
  change,
  unit,
  higherIsBetter = true,
}: {
  change: Change;
  unit: MetricUnit;
  higherIsBetter?: boolean;
}) {
  if (change.previous === null || change.value === null || change.change === null) {
    return <span class="change none">{t('change.none')}</span>;
  }
  const diff = change.change;
  if (diff === 0) return <span class="change same">{t('change.same')}</span>;
  // Counts change in per cent of the previous figure; rates and scores in points.
  const amount =
    unit === 'count' || unit === 'duration'
      ? change.changePercent === null
        ? null
        : formatPercent(Math.abs(change.changePercent))
      : unit === 'percent'
        ? t('format.points', { n: formatScore(Math.abs(diff), Math.abs(diff) < 1 ? 2 : 1) })
        : formatScore(Math.abs(diff), Math.abs(diff) < 1 ? 2 : 1);
  const good = diff > 0 === higherIsBetter;
  const label = t(diff > 0 ? 'change.up' : 'change.down', { value: amount ?? formatMetric(unit, Math.abs(diff)) });
  return (
    <span
      class={`change ${good ? 'good' : 'bad'}`}
      title={t('change.previous', { value: formatMetric(unit, change.previous) })}
    >
      <span aria-hidden="true">{diff > 0 ? '↑' : '↓'} </span>
      <span aria-hidden="true">{amount ?? formatMetric(unit, Math.abs(diff))}</span>
      <span class="visually-hidden">{label}</span>
    </span>
  );
}

/** A headline figure with its change against the previous period (Plausible's top row). */
export function MetricCard(p: MetricCardProps) {
  const value = p.change?.value;
  const inner = (
    <>
      <span class="card-label">{p.label}</span>
      <span class="card-value" data-metric={p.metric} data-value={p.loading || !p.change ? undefined : rawValue(value)}>
        {p.change ? formatMetric(p.unit, value, true) : '…'}
      </span>
      {p.change && <ChangeBadge change={p.change} unit={p.unit} higherIsBetter={p.higherIsBetter} />}
      {p.children}
    </>
  );
  const cls = `card${p.selected ? ' selected' : ''}${p.loading ? ' stale' : ''}`;
  return p.onSelect ? (
    <button type="button" class={cls} aria-pressed={p.selected} onClick={p.onSelect}>
      {inner}
    </button>
  ) : (
    <div class={cls}>{inner}</div>
  );
}
