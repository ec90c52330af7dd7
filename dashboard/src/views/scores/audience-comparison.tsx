import type { ScoresResponse, ScoreSummary } from '@loupe/shared';
import { t } from '../../i18n/catalogue.js';
import { formatCount, formatPercent, formatScore } from '../../i18n/format.js';
import { filterValueLabel } from '../../shell/filter-label.js';
import { FILTER_KEYS, type Filters } from '../../state/view-state.js';
import { TableWrap } from '../../ui/table-wrap.js';
import { rawValue } from '../../ui/metric-format.js';
import { type DistributionScore, scoreOfDistribution, subtractDistribution } from '@loupe/shared/distribution-score';
import type { Kind } from './segments.js';

/** The active filters in words: `plan pro · Device Mobile · Returning` (stored strings as text). */
export function audienceLabel(filters: Filters): string {
  return [
    ...(filters.traits ?? []).map((tr) => `${tr.key} ${tr.value}`),
    ...FILTER_KEYS.filter((k) => filters[k]).map((k) => `${t(`filter.${k}`)} ${filterValueLabel(k, filters[k]!)}`),
    ...(filters.returning ? [t(`filter.returning.${filters.returning}`)] : []),
  ].join(' · ');
}

/**
 * The filtered audience against everyone else and everyone, on the same scale, prompt, channel
 * and period: "NPS of plan pro on mobile against everyone else". Everyone else is everyone's
 * answers less the audience's; the difference is called beyond chance only when it exceeds the
 * two margins combined (√(m₁² + m₂²), a 95 % interval of the difference).
 */
export function AudienceComparison({
  kind,
  filters,
  audience,
  everyone,
}: {
  kind: Kind;
  filters: Filters;
  audience: ScoreSummary;
  everyone: ScoresResponse['total'];
}) {
  const others = scoreOfDistribution(kind, subtractDistribution(everyone.distribution, audience.distribution));
  const fmt = (v: number | null) => (kind === 'csat' ? formatPercent(v) : formatScore(v));
  const rows: { key: string; label: string; s: DistributionScore }[] = [
    {
      key: 'audience',
      label: audienceLabel(filters),
      s: { responses: audience.responses, score: audience.score, margin: audience.marginOfError },
    },
    { key: 'others', label: t('scores.vs.others'), s: others },
    {
      key: 'everyone',
      label: t('scores.vs.everyone'),
      s: { responses: everyone.responses, score: everyone.score, margin: everyone.marginOfError },
    },
  ];
  const a = audience.score;
  const b = others.score;
  const diff = a !== null && b !== null ? Math.round((a - b) * 100) / 100 : null;
  const margin =
    audience.marginOfError !== null && others.margin !== null
      ? Math.round(Math.hypot(audience.marginOfError, others.margin) * 100) / 100
      : null;
  const unit = t(kind === 'csat' ? 'scores.vs.pp' : kind === 'nps' ? 'scores.vs.points' : 'scores.vs.scalePoints');
  return (
    <div class="audience-comparison">
      <TableWrap label={t('scores.vs.title')}>
        <table class="data-table vs-table">
          <caption class="visually-hidden">{t('scores.vs.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('scores.vs.who')}</th>
              <th scope="col" class="num">
                {kind.toUpperCase()}
              </th>
              <th scope="col" class="num">
                {t('scores.vs.margin')}
              </th>
              <th scope="col" class="num">
                {t('metric.responses')}
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key} data-row={r.key}>
                <th scope="row" class="vs-who">
                  {r.label}
                </th>
                <td class="num" data-metric="score" data-value={rawValue(r.s.score)}>
                  {fmt(r.s.score)}
                </td>
                <td class="num" data-metric="margin" data-value={rawValue(r.s.margin)}>
                  {r.s.margin === null ? '–' : `±${formatScore(r.s.margin)}`}
                </td>
                <td class="num" data-metric="responses" data-value={r.s.responses}>
                  {formatCount(r.s.responses)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      {diff !== null && (
        <p class="vs-verdict" data-diff={diff} data-margin={rawValue(margin)}>
          {t(diff >= 0 ? 'scores.vs.higher' : 'scores.vs.lower', { diff: formatScore(Math.abs(diff)), unit })}{' '}
          {margin === null
            ? t('scores.vs.tooFew')
            : Math.abs(diff) > margin
              ? t('scores.vs.beyond', { margin: formatScore(margin) })
              : t('scores.vs.within', { margin: formatScore(margin) })}
        </p>
      )}
    </div>
  );
}
