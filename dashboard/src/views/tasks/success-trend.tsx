import type { TaskFigures } from '@loupe/shared';
import { useMemo } from 'preact/hooks';
import { ChartFrame } from '../../charts/chart-frame.js';
import { chartSummary } from '../../charts/chart-summary.js';
import { TimeSeriesChart } from '../../charts/time-series-chart.js';
import { t } from '../../i18n/catalogue.js';
import { formatCount, formatPercent } from '../../i18n/format.js';
import { TableWrap } from '../../ui/table-wrap.js';

/** A task's success rate per bucket, with the table of runs beside it as the chart's alternative. */
export function SuccessTrend({ task, tz, hourly }: { task: TaskFigures; tz: string; hourly: boolean }) {
  const series = task.series;
  const data = useMemo(
    () => ({
      xs: series.map((p) => Math.floor(Date.parse(p.from) / 1000)),
      series: [{ label: t('tasks.successRate'), values: series.map((p) => p.successRate) }],
    }),
    [series],
  );
  const summary = chartSummary(
    t('tasks.successRate'),
    series[0]?.period ?? '',
    series[series.length - 1]?.period ?? '',
    data.series[0]!.values,
    formatPercent,
  );
  const table = (
    <TableWrap label={t('tasks.trend')}>
      <table class="data-table">
        <caption class="visually-hidden">{t('tasks.trend')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('graph.period')}</th>
            <th scope="col" class="num">
              {t('tasks.started')}
            </th>
            <th scope="col" class="num">
              {t('tasks.succeeded')}
            </th>
            <th scope="col" class="num">
              {t('tasks.failed')}
            </th>
            <th scope="col" class="num">
              {t('tasks.abandoned')}
            </th>
            <th scope="col" class="num">
              {t('tasks.successRate')}
            </th>
          </tr>
        </thead>
        <tbody>
          {series.map((p) => (
            <tr key={p.period}>
              <th scope="row">{p.period}</th>
              <td class="num">{formatCount(p.started)}</td>
              <td class="num">{formatCount(p.succeeded)}</td>
              <td class="num">{formatCount(p.failed)}</td>
              <td class="num">{formatCount(p.abandoned)}</td>
              <td class="num">{formatPercent(p.successRate)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
  return (
    <ChartFrame
      id="task-trend-data"
      chart={
        <TimeSeriesChart
          xs={data.xs}
          series={data.series}
          format={formatPercent}
          tz={tz}
          hourly={hourly}
          summary={summary}
          height={220}
          xLabel={t('graph.period')}
        />
      }
      table={table}
    />
  );
}
