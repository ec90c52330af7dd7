import type { FrictionInsightResponse } from '@loupe/shared';
import { t } from '../../i18n/catalogue.js';
import { formatCount, formatPercent, formatScore } from '../../i18n/format.js';
import type { ViewState } from '../../state/view-state.js';
import { BarTable } from '../../ui/bar-table.js';
import { rawValue } from '../../ui/metric-format.js';
import { filterHref } from '../../state/filter-href.js';

type Comparison = FrictionInsightResponse['overall'];
const signed = (v: number | null) => (v === null ? formatScore(null) : `${v > 0 ? '+' : ''}${formatScore(v)}`);

function Side({ label, group, metric }: { label: string; group: Comparison['met']; metric: string }) {
  return (
    <div class="friction-side">
      <span class="card-label">{label}</span>
      <span class="card-value" data-metric={metric} data-value={rawValue(group.score)}>
        {formatScore(group.score)}
      </span>
      <span class="muted">
        {formatCount(group.responses)} {t('metric.responses').toLowerCase()} · {formatPercent(group.detractorRate)}{' '}
        {t('scores.detractors').toLowerCase()}
      </span>
    </div>
  );
}

/** The score of answers after friction against those without, and what to fix first. */
export function FrictionInsight({ insight, state }: { insight: FrictionInsightResponse; state: ViewState }) {
  const { overall, topFriction } = insight;
  if (overall.met.responses === 0) return <p class="panel-empty">{t('scores.friction.none')}</p>;
  const what = topFriction ? (topFriction.path ?? (topFriction.type ? t(`friction.${topFriction.type}`) : '')) : '';
  return (
    <div class="friction">
      <div class="friction-compare">
        <Side label={t('scores.friction.met')} group={overall.met} metric="frictionMetScore" />
        <Side label={t('scores.friction.notMet')} group={overall.notMet} metric="frictionNotMetScore" />
        <div class="friction-side">
          <span class="card-label">{t('scores.friction.gap')}</span>
          <span
            class={`card-value ${overall.scoreGap !== null && overall.scoreGap < 0 ? 'bad-text' : ''}`}
            data-metric="frictionScoreGap"
            data-value={rawValue(overall.scoreGap)}
          >
            {signed(overall.scoreGap)}
          </span>
        </div>
      </div>
      {topFriction && topFriction.detractorLift !== null && (
        <p class="insight-callout">
          {t('scores.friction.top', { what, lift: formatScore(topFriction.detractorLift) })}
        </p>
      )}
      <div class="view-grid">
        <section aria-labelledby="friction-types">
          <h3 id="friction-types">{t('scores.friction.types')}</h3>
          <BarTable
            caption={t('scores.friction.types')}
            labelHeader={t('metric.friction')}
            rows={insight.byType.filter((r) => r.met.responses > 0)}
            rowKey={(r) => r.type}
            label={(r) => t(`friction.${r.type}`)}
            bar={(r) => Math.max(0, r.detractorLift ?? 0)}
            columns={[
              { key: 'met', label: t('scores.friction.met'), numeric: true, render: (r) => formatScore(r.met.score) },
              {
                key: 'lift',
                label: t('scores.friction.detractorLift'),
                numeric: true,
                render: (r) => t('format.points', { n: signed(r.detractorLift) }),
              },
            ]}
          />
        </section>
        <section aria-labelledby="friction-pages">
          <h3 id="friction-pages">{t('scores.friction.pages')}</h3>
          <BarTable
            caption={t('scores.friction.pages')}
            labelHeader={t('table.page')}
            rows={insight.byPage.filter((r) => r.met.responses > 0).slice(0, 10)}
            rowKey={(r) => r.path}
            label={(r) => r.path}
            href={(r) => filterHref('scores', state, 'path', r.path)}
            bar={(r) => r.met.responses * ((r.met.detractorRate ?? 0) / 100)}
            columns={[
              {
                key: 'det',
                label: t('scores.detractors'),
                numeric: true,
                render: (r) => formatPercent(r.met.detractorRate),
              },
              {
                key: 'lift',
                label: t('scores.friction.detractorLift'),
                numeric: true,
                secondary: true,
                render: (r) => t('format.points', { n: signed(r.detractorLift) }),
              },
            ]}
          />
        </section>
      </div>
    </div>
  );
}
