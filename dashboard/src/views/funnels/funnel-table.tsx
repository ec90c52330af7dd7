import type { FunnelResponse } from '@loupe/shared';
import { t } from '../../i18n/catalogue.js';
import { formatCount, formatDuration, formatPercent } from '../../i18n/format.js';
import { BarTable } from '../../ui/bar-table.js';

type Row = FunnelResponse['steps'][number];

/**
 * The funnel's steps as bars (sessions that reached each), with conversion, drop-off and time to the
 * next step (the view says above them when the API estimated them from a sample of sessions).
 */
export function FunnelTable({ data }: { data: FunnelResponse }) {
  return (
    <>
      <div class="cards funnel-cards">
        <div class="card">
          <span class="card-label">{t('funnels.completion')}</span>
          <span class="card-value" data-metric="completionRate" data-value={data.completionRate ?? 'null'}>
            {formatPercent(data.completionRate)}
          </span>
        </div>
        <div class="card">
          <span class="card-label">{t('funnels.medianComplete')}</span>
          <span class="card-value" data-metric="medianMsToComplete" data-value={data.medianMsToComplete ?? 'null'}>
            {formatDuration(data.medianMsToComplete)}
          </span>
        </div>
      </div>
      <BarTable<Row>
        caption={t('funnels.title')}
        labelHeader={t('funnels.steps')}
        rows={data.steps}
        rowKey={(r) => r.step}
        label={(r) => r.step}
        bar={(r) => r.entered}
        columns={[
          {
            key: 'entered',
            label: t('funnels.entered'),
            numeric: true,
            render: (r) => <span data-value={r.entered}>{formatCount(r.entered)}</span>,
          },
          {
            key: 'conversion',
            label: t('funnels.conversion'),
            numeric: true,
            render: (r) => formatPercent(r.conversionRate),
          },
          {
            key: 'dropOff',
            label: t('funnels.dropOff'),
            numeric: true,
            secondary: true,
            render: (r) => formatCount(r.dropOff),
          },
          {
            key: 'fromStart',
            label: t('funnels.fromStart'),
            numeric: true,
            secondary: true,
            render: (r) => formatPercent(r.fromStartRate),
          },
          {
            key: 'median',
            label: t('funnels.median'),
            numeric: true,
            secondary: true,
            render: (r) => formatDuration(r.medianMsToNext),
          },
        ]}
      />
    </>
  );
}
