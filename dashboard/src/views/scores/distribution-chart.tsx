import type { ScoreSummary } from '@loupe/shared';
import { ChartFrame } from '../../charts/chart-frame.js';
import { t } from '../../i18n/catalogue.js';
import { formatCount, formatPercent } from '../../i18n/format.js';
import { type Kind, segmentOf } from './segments.js';

/** One column per value of the scale, coloured by segment (plain HTML), with its table. */
export function DistributionChart({ kind, summary }: { kind: Kind; summary: ScoreSummary }) {
  const total = summary.distribution.reduce((s, d) => s + d.responses, 0);
  const max = Math.max(1, ...summary.distribution.map((d) => d.responses));
  const share = (n: number) => (total ? (100 * n) / total : 0);
  const chart = (
    <div class="distribution" role="img" aria-label={t('scores.distribution')}>
      {summary.distribution.map((d) => (
        <div
          key={d.score}
          class="dist-col"
          title={`${d.score}: ${formatCount(d.responses)} (${formatPercent(share(d.responses))})`}
        >
          <span class="dist-count" aria-hidden="true">
            {formatPercent(share(d.responses))}
          </span>
          <span class="dist-track" aria-hidden="true">
            <span
              class={`dist-bar ${segmentOf(kind, d.score)}`}
              style={{ height: `${((100 * d.responses) / max).toFixed(1)}%` }}
            />
          </span>
          <span class="dist-score" aria-hidden="true">
            {d.score}
          </span>
        </div>
      ))}
    </div>
  );
  const table = (
    <table class="data-table">
      <caption class="visually-hidden">{t('scores.distribution')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('scores.score')}</th>
          <th scope="col" class="num">
            {t('scores.count')}
          </th>
          <th scope="col" class="num">
            {t('scores.share')}
          </th>
        </tr>
      </thead>
      <tbody>
        {summary.distribution.map((d) => (
          <tr key={d.score}>
            <th scope="row">{d.score}</th>
            <td class="num">{formatCount(d.responses)}</td>
            <td class="num">{formatPercent(share(d.responses))}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
  return <ChartFrame id="distribution-data" chart={chart} table={table} />;
}
