import type { ScoresResponse } from '@loupe/shared';
import { useMemo } from 'preact/hooks';
import { ChartFrame } from '../../charts/chart-frame.js';
import { chartSummary } from '../../charts/chart-summary.js';
import { TimeSeriesChart } from '../../charts/time-series-chart.js';
import { t } from '../../i18n/catalogue.js';
import { formatCount, formatScore } from '../../i18n/format.js';
import type { Kind } from './segments.js';
import { TableWrap } from '../../ui/table-wrap.js';

type Point = ScoresResponse['series'][number];

/** The score per bucket with its 95 % margin of error as a band (the API's 95 % interval of each bucket). */
export function ScoreTrend({ kind, series, tz }: { kind: Kind; series: Point[]; tz: string }) {
  const margins = useMemo(() => series.map((p) => p.marginOfError), [series]);
  const fmt = (v: number | null) => formatScore(v);
  const data = useMemo(
    () => ({
      xs: series.map((p) => Math.floor(Date.parse(p.from) / 1000)),
      series: [{ label: kind.toUpperCase(), values: series.map((p) => p.score), margin: margins }],
    }),
    [series, margins],
  );
  const table = (
    <TableWrap label={t('scores.trend')}>
      <table class="data-table">
        <caption class="visually-hidden">{t('scores.trend')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('graph.period')}</th>
            <th scope="col" class="num">
              {kind.toUpperCase()}
            </th>
            <th scope="col" class="num">
              ±
            </th>
            <th scope="col" class="num">
              {t('metric.responses')}
            </th>
          </tr>
        </thead>
        <tbody>
          {series.map((p, i) => (
            <tr key={p.period}>
              <th scope="row">{p.period}</th>
              <td class="num">{fmt(p.score)}</td>
              <td class="num">{fmt(margins[i] ?? null)}</td>
              <td class="num">{formatCount(p.responses)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
  const summary = chartSummary(
    kind.toUpperCase(),
    series[0]?.period ?? '',
    series[series.length - 1]?.period ?? '',
    data.series[0]!.values,
    fmt,
  );
  return (
    <ChartFrame
      id="score-trend-data"
      chart={
        <TimeSeriesChart
          xs={data.xs}
          series={data.series}
          format={fmt}
          tz={tz}
          hourly={false}
          summary={summary}
          height={220}
          xLabel={t('graph.period')}
        />
      }
      table={table}
    />
  );
}
