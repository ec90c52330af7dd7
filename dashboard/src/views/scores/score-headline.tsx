import type { ScoreSummary } from '@loupe/shared';
import { t } from '../../i18n/catalogue.js';
import { formatCount, formatPercent, formatScore } from '../../i18n/format.js';
import { rawValue } from '../../ui/metric-format.js';
import type { Kind } from './segments.js';

/** The score, its segments as a stacked bar, and how often the prompt is answered or waved away. */
export function ScoreHeadline({
  kind,
  summary,
  margin,
  stale,
}: {
  kind: Kind;
  summary: ScoreSummary;
  margin: number | null;
  stale: boolean;
}) {
  const dv = (v: number | null | undefined) => (stale ? undefined : rawValue(v));
  const scoreText = kind === 'csat' ? formatPercent(summary.score) : formatScore(summary.score);
  const parts =
    kind === 'nps' && summary.nps
      ? [
          { seg: 'promoter', label: t('scores.promoters'), n: summary.nps.promoters },
          { seg: 'passive', label: t('scores.passives'), n: summary.nps.passives },
          { seg: 'detractor', label: t('scores.detractors'), n: summary.nps.detractors },
        ]
      : undefined;
  const total = summary.responses;
  return (
    <div class="score-headline">
      <div class="score-main">
        <span class="card-label">{t('scores.headline', { kind: kind.toUpperCase() })}</span>
        <span class="score-value" data-metric={kind} data-value={dv(summary.score)}>
          {scoreText}
        </span>
        {margin !== null && <span class="muted">{t('scores.margin', { value: formatScore(margin) })}</span>}
      </div>
      {parts && total > 0 && (
        <div class="segments">
          <div class="stack" aria-hidden="true">
            {parts.map((p) => (
              <span
                key={p.seg}
                class={`stack-part ${p.seg}`}
                style={{ width: `${((100 * p.n) / total).toFixed(2)}%` }}
              />
            ))}
          </div>
          <dl class="segment-list">
            {parts.map((p) => (
              <div key={p.seg}>
                <dt>
                  <span class={`dot ${p.seg}`} aria-hidden="true" /> {p.label}
                </dt>
                <dd data-metric={`${p.seg}s`} data-value={dv(p.n)}>
                  {formatPercent((100 * p.n) / total)} <span class="muted">({formatCount(p.n)})</span>
                </dd>
              </div>
            ))}
          </dl>
        </div>
      )}
      <dl class="score-stats">
        <div>
          <dt>{t('metric.responses')}</dt>
          <dd data-metric="responses" data-value={dv(summary.responses)}>
            {formatCount(summary.responses)}
          </dd>
        </div>
        <div>
          <dt>{t('scores.comments')}</dt>
          <dd data-metric="comments" data-value={dv(summary.comments)}>
            {formatCount(summary.comments)}
          </dd>
        </div>
        <div>
          <dt>{t('scores.displays')}</dt>
          <dd data-metric="displays" data-value={dv(summary.displays)}>
            {formatCount(summary.displays)}
          </dd>
        </div>
        <div>
          <dt>{t('scores.responseRate')}</dt>
          <dd data-metric="responseRate" data-value={dv(summary.responseRate)}>
            {formatPercent(summary.responseRate)}
          </dd>
        </div>
        <div>
          <dt>{t('scores.dismissalRate')}</dt>
          <dd data-metric="dismissalRate" data-value={dv(summary.dismissalRate)}>
            {formatPercent(summary.dismissalRate)}{' '}
            <span class="muted" data-metric="dismissals" data-value={dv(summary.dismissals)}>
              ({formatCount(summary.dismissals)})
            </span>
          </dd>
        </div>
        {kind === 'csat' && summary.csat && (
          <div>
            <dt>{t('scores.satisfied')}</dt>
            <dd>{formatCount(summary.csat.satisfied)}</dd>
          </div>
        )}
        {kind === 'ces' && summary.ces && (
          <div>
            <dt>{t('scores.easy')}</dt>
            <dd>{formatPercent(summary.ces.easyPercent)}</dd>
          </div>
        )}
      </dl>
    </div>
  );
}
