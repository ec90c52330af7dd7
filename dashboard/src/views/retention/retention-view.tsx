import type { RetentionResponse } from '@loupe/shared';
import { retentionUrl } from '../../api/read-urls.js';
import { useApi } from '../../api/use-api.js';
import { t } from '../../i18n/catalogue.js';
import { formatCount, formatDate, formatPercent } from '../../i18n/format.js';
import { appHref, navigate } from '../../router/location.js';
import { useViewState } from '../../state/use-view-state.js';
import { changeQuery } from '../../state/view-state.js';
import { ApiContent } from '../../ui/api-content.js';
import { Panel } from '../../ui/panel.js';
import { SampledNote } from '../../ui/sampled-note.js';
import { TableWrap } from '../../ui/table-wrap.js';
import { Choice } from '../../ui/tabs.js';
import { IgnoredFilters } from '../../ui/ignored-filters.js';

type Interval = 'week' | 'month';
type People = 'visitor' | 'customer';

/**
 * Heat as a step 0–10 (a class, not an inline style: the dashboard's CSP has no 'unsafe-inline');
 * the stylesheet mixes the accent into the surface by it, so the shading follows the theme.
 */
const heat = (rate: number | null) => (rate === null ? 0 : Math.min(10, Math.ceil(rate / 10)));

/**
 * The cohort table: each row a cohort by first visit, each column a later period; cohorts of the
 * view's period, of visitors or of identified customers. Both switches are in the URL.
 */
export function View() {
  const state = useViewState();
  const interval: Interval = state.query.get('cohorts') === 'month' ? 'month' : 'week';
  const people: People = state.query.get('people') === 'customer' ? 'customer' : 'visitor';
  const { data, error } = useApi<RetentionResponse>(retentionUrl(state, interval, people));
  const change = (changes: Record<string, string | undefined>) =>
    navigate(appHref('retention', changeQuery(state.query, changes)), { replace: true });
  const customers = people === 'customer';
  return (
    <Panel
      id="retention"
      title={t('retention.title')}
      actions={
        <>
          <Choice
            label={t('retention.people')}
            value={people}
            options={[
              { value: 'visitor', label: t('retention.byVisitor') },
              { value: 'customer', label: t('retention.byCustomer') },
            ]}
            onChange={(v) => change({ people: v === 'customer' ? v : undefined })}
          />
          <Choice
            label={t('retention.interval')}
            value={interval}
            options={[
              { value: 'week', label: t('retention.week') },
              { value: 'month', label: t('retention.month') },
            ]}
            onChange={(v) => change({ cohorts: v === 'week' ? undefined : v })}
          />
        </>
      }
    >
      <p class="muted">{t(customers ? 'retention.bodyCustomers' : 'retention.body')}</p>
      <IgnoredFilters route="retention" filters={state.filters} />
      {/* Outside the content: empty cohorts found in a sample of people are an estimate too. */}
      <SampledNote sampled={data?.sampled} />
      <ApiContent
        data={data}
        error={error}
        isEmpty={(d) => d.cohorts.every((c) => c.visitors === 0)}
        emptyTitle={t(customers ? 'retention.emptyCustomers' : 'retention.empty')}
      >
        {(d) => {
          const width = Math.max(...d.cohorts.map((c) => c.periods.length));
          const unit = t(interval === 'week' ? 'retention.week' : 'retention.month').toLowerCase();
          return (
            <TableWrap label={t('retention.title')}>
              <table class="data-table cohort-table">
                <caption class="visually-hidden">{t('retention.caption', { interval: unit })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t(customers ? 'retention.cohortCustomers' : 'retention.cohort')}</th>
                    <th scope="col" class="num">
                      {t(customers ? 'retention.customers' : 'retention.visitors')}
                    </th>
                    {Array.from({ length: width }, (_, i) => (
                      <th scope="col" class="num" key={i}>
                        <span aria-hidden="true">{i === 0 ? '0' : t('retention.offset', { n: i })}</span>
                        <span class="visually-hidden">{t('retention.offsetLabel', { n: `${i} ${unit}` })}</span>
                      </th>
                    ))}
                    <th scope="col" class="num">
                      {t('retention.repeat')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {d.cohorts.map((c) => (
                    <tr key={c.cohort} data-cohort={c.cohort}>
                      <th scope="row">{formatDate(c.cohort)}</th>
                      <td class="num">{formatCount(c.visitors)}</td>
                      {Array.from({ length: width }, (_, i) => {
                        const p = c.periods[i];
                        if (!p) return <td key={i} class="num cohort-cell" />;
                        return (
                          <td
                            key={i}
                            class={`num cohort-cell heat-${c.visitors > 0 ? heat(p.rate) : 0}`}
                            data-rate={p.rate ?? ''}
                            title={t(customers ? 'retention.cellCustomers' : 'retention.cell', {
                              rate: formatPercent(p.rate),
                              n: formatCount(p.visitors),
                            })}
                          >
                            {c.visitors > 0 ? formatPercent(p.rate) : ''}
                          </td>
                        );
                      })}
                      <td class="num">{formatPercent(c.repeatConversionRate)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          );
        }}
      </ApiContent>
    </Panel>
  );
}
