import type { OverviewResponse as Overview } from '@loupe/shared';
import { t } from '../../i18n/catalogue.js';
import { formatCount, formatPercent } from '../../i18n/format.js';
import { BarTable } from '../../ui/bar-table.js';
import { rawValue } from '../../ui/metric-format.js';
import { Panel } from '../../ui/panel.js';
import { LoadingState } from '../../ui/states.js';

type Goal = Overview['goals'][number];

/** Conversions per `track` name: sessions with the goal, and their share of all sessions. */
export function GoalsPanel({ overview }: { overview: Overview | undefined }) {
  return (
    <Panel id="goals" title={t('table.goals')}>
      {!overview ? (
        <LoadingState />
      ) : (
        <BarTable<Goal>
          caption={t('table.goals')}
          labelHeader={t('table.goal')}
          rows={overview.goals}
          rowKey={(g) => g.name}
          label={(g) => g.name}
          bar={(g) => g.conversions.value ?? 0}
          columns={[
            {
              key: 'conversions',
              label: t('metric.conversions'),
              numeric: true,
              render: (g) => (
                <span data-metric={`goal:${g.name}`} data-value={rawValue(g.conversions.value)}>
                  {formatCount(g.conversions.value, true)}
                </span>
              ),
            },
            {
              key: 'rate',
              label: t('metric.rate'),
              numeric: true,
              render: (g) => formatPercent(g.conversionRate.value),
            },
          ]}
        />
      )}
    </Panel>
  );
}
