import { useState } from 'preact/hooks';
import type { BreakdownResponse, BreakdownRow } from '@loupe/shared';
import { readUrl } from '../../api/read-urls.js';
import { useApi } from '../../api/use-api.js';
import { t } from '../../i18n/catalogue.js';
import { formatCount, formatPercent } from '../../i18n/format.js';
import { filterValueLabel } from '../../shell/filter-label.js';
import { useViewState } from '../../state/use-view-state.js';
import type { ViewState } from '../../state/view-state.js';
import { BarTable } from '../../ui/bar-table.js';
import { Panel } from '../../ui/panel.js';
import { ApiContent } from '../../ui/api-content.js';
import { Choice } from '../../ui/tabs.js';
import { filterHref } from '../../state/filter-href.js';
import { SampledNote } from '../../ui/sampled-note.js';

const DIMENSIONS = [
  { by: 'device', title: 'table.devices', header: 'table.device' },
  { by: 'browser', title: 'table.browsers', header: 'table.browser' },
  { by: 'language', title: 'table.languages', header: 'table.language' },
  { by: 'entryPage', title: 'table.entryPages', header: 'table.page' },
] as const;
/** The URL filter a row of each dimension sets (an entry page filters by its path). */
const FILTER_OF = { device: 'device', browser: 'browser', language: 'language', entryPage: 'path' } as const;
type By = (typeof DIMENSIONS)[number]['by'];

export const breakdownPanelUrl = (state: ViewState & { siteId: string; tz: string }, by: By = 'device') =>
  readUrl('breakdown', state, { by, limit: 10 });

/** Devices, browsers and languages in one panel (Plausible's tabs); a row filters by its value. */
export function BreakdownPanel() {
  const state = useViewState();
  const [by, setBy] = useState<By>('device');
  const dim = DIMENSIONS.find((d) => d.by === by)!;
  const { data, error } = useApi<BreakdownResponse>(breakdownPanelUrl(state, by));
  return (
    <Panel
      id="breakdown"
      title={t(dim.title)}
      actions={
        <Choice
          label={t('filter.label')}
          value={by}
          options={DIMENSIONS.map((d) => ({ value: d.by, label: t(d.title) }))}
          onChange={setBy}
        />
      }
    >
      <ApiContent data={data} error={error}>
        {(data) => (
          <>
            <SampledNote sampled={data.sampled} />
            <BarTable<BreakdownRow>
              caption={t(dim.title)}
              labelHeader={t(dim.header)}
              rows={data.rows}
              rowKey={(r) => r.value}
              label={(r) => filterValueLabel(FILTER_OF[by], r.value)}
              href={(r) => filterHref('', state, FILTER_OF[by], r.value)}
              active={(r) => state.filters[FILTER_OF[by]] === r.value}
              bar={(r) => r.sessions}
              columns={[
                {
                  key: 'visitors',
                  label: t('metric.visitors'),
                  numeric: true,
                  // Under a sample there is no count of visitors (the API says null): not the sessions either.
                  render: (r) => formatCount(r.visitors ?? (data.sampled ? null : r.sessions), true),
                },
                {
                  key: 'sessions',
                  label: t('metric.sessions'),
                  numeric: true,
                  secondary: true,
                  render: (r) => formatCount(r.sessions, true),
                },
                {
                  key: 'bounce',
                  label: t('metric.bounceRate'),
                  numeric: true,
                  secondary: true,
                  render: (r) => formatPercent(r.bounceRate),
                },
              ]}
            />
          </>
        )}
      </ApiContent>
    </Panel>
  );
}
