import { useMemo } from 'preact/hooks';
import { readUrl } from '../../api/read-urls.js';
import type { TimeseriesPoint, TimeseriesResponse } from '@loupe/shared';
import { useApi } from '../../api/use-api.js';
import { ChartFrame } from '../../charts/chart-frame.js';
import { chartSummary } from '../../charts/chart-summary.js';
import { type TimeSeries, TimeSeriesChart } from '../../charts/time-series-chart.js';
import { t } from '../../i18n/catalogue.js';
import { appHref, navigate } from '../../router/location.js';
import { intervalsFor, previousRange } from '../../state/period.js';
import { useViewState } from '../../state/use-view-state.js';
import { changeQuery, type ViewState } from '../../state/view-state.js';
import { formatMetric } from '../../ui/metric-format.js';
import { Panel } from '../../ui/panel.js';
import { ApiErrorState, LoadingState } from '../../ui/states.js';
import { Choice } from '../../ui/tabs.js';
import type { OverviewMetric } from './overview-metrics.js';
import { TableWrap } from '../../ui/table-wrap.js';
import { SampledNote } from '../../ui/sampled-note.js';

const seconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);

/** The graph's request for a view state (the overview prefetches it). */
export const mainGraphUrl = (state: ViewState & { siteId: string; tz: string }) =>
  readUrl('timeseries', state, { interval: state.interval });

/** One graph, the metric chosen by the cards, with the previous period dashed behind it. */
export function MainGraph({ metric }: { metric: OverviewMetric }) {
  const state = useViewState();
  const current = useApi<TimeseriesResponse>(mainGraphUrl(state));
  const previous = useApi<TimeseriesResponse>(
    state.compare
      ? readUrl('timeseries', { ...state, range: previousRange(state.range) }, { interval: state.interval })
      : null,
  );
  const points = current.data?.points ?? [];
  const fmt = (v: number | null) => formatMetric(metric.unit, v, true);
  const key = metric.graph ?? 'visitors';
  const value = (p: TimeseriesPoint | undefined) => (p ? (p[key] ?? null) : null);

  const chartData = useMemo(() => {
    const xs = points.map((p) => seconds(p.from));
    const series: TimeSeries[] = [{ label: t('graph.current'), values: points.map(value) }];
    if (state.compare && previous.data) {
      // Aligned by position: the first bucket of the previous period under the first of this one.
      series.unshift({
        label: t('graph.previous'),
        values: points.map((_, i) => value(previous.data!.points[i])),
        previous: true,
      });
    }
    return { xs, series };
  }, [current.data, previous.data, key, state.compare]);

  const summary = chartSummary(
    t(metric.label),
    state.range.from,
    state.range.to,
    chartData.series[chartData.series.length - 1]!.values,
    fmt,
  );

  const intervals = intervalsFor(state.range);
  const actions =
    intervals.length > 1 ? (
      <Choice
        label={t('interval.label')}
        value={state.interval}
        options={intervals.map((i) => ({ value: i, label: t(`interval.${i}`) }))}
        onChange={(interval) => navigate(appHref('', changeQuery(state.query, { interval })), { replace: true })}
      />
    ) : undefined;

  const table = (
    <TableWrap label={t('graph.title', { metric: t(metric.label) })}>
      <table class="data-table">
        <caption class="visually-hidden">{t('graph.title', { metric: t(metric.label) })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('graph.period')}</th>
            <th scope="col" class="num">
              {t('graph.current')}
            </th>
            {state.compare && (
              <th scope="col" class="num">
                {t('graph.previous')}
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {points.map((p, i) => (
            <tr key={p.from}>
              <th scope="row">{p.period}</th>
              <td class="num">{fmt(value(p))}</td>
              {state.compare && <td class="num">{fmt(value(previous.data?.points[i]))}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );

  return (
    <Panel id="main-graph" title={t('graph.title', { metric: t(metric.label) })} actions={actions} class="graph-panel">
      <SampledNote sampled={current.data?.sampled} />
      <SampledNote sampled={current.data?.answersSampled} />
      {current.error && !current.data ? (
        <ApiErrorState error={current.error} />
      ) : !current.data ? (
        <LoadingState rows={1} />
      ) : points.length === 0 ? (
        <p class="panel-empty">{t('graph.empty')}</p>
      ) : current.data.sampled && points.every((p) => value(p) === null) ? (
        // Visitors under a sample: the API has no figure to draw, and an empty chart would look broken.
        <p class="panel-empty">{t('graph.noneSampled', { metric: t(metric.label) })}</p>
      ) : (
        <ChartFrame
          id="main-graph-data"
          chart={
            <TimeSeriesChart
              xs={chartData.xs}
              series={chartData.series}
              format={fmt}
              tz={state.tz}
              hourly={state.interval === 'hour'}
              summary={summary}
              xLabel={t('graph.period')}
            />
          }
          table={table}
        />
      )}
    </Panel>
  );
}
