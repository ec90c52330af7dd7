import type { ErrorsResponse } from '@loupe/shared';
import { readUrl } from '../../api/read-urls.js';
import { useApi } from '../../api/use-api.js';
import { t } from '../../i18n/catalogue.js';
import { formatCount, formatDateTime, formatRelative } from '../../i18n/format.js';
import { appHref, navigate } from '../../router/location.js';
import { useViewState } from '../../state/use-view-state.js';
import { changeQuery } from '../../state/view-state.js';
import { Panel } from '../../ui/panel.js';
import { Sparkline } from '../../ui/sparkline.js';
import { ApiContent } from '../../ui/api-content.js';
import { IgnoredFilters } from '../../ui/ignored-filters.js';
import { Choice } from '../../ui/tabs.js';
import { filterHref } from '../../state/filter-href.js';
import { Link } from '../../router/link.js';
import { ErrorRatePanel } from './error-rate-panel.js';

type Group = ErrorsResponse['errors'][number];

/** The sparkline in words: how many, and the busiest bucket. */
function trendLabel(series: number[], periods: ErrorsResponse['periods']): string {
  const peak = series.reduce((best, v, i) => (v > (series[best] ?? 0) ? i : best), 0);
  return t('errors.trendLabel', {
    total: formatCount(series.reduce((a, b) => a + b, 0)),
    peak: formatCount(series[peak] ?? 0),
    period: periods[peak]?.period ?? '',
  });
}

/** JavaScript and resource errors grouped by fingerprint; every text is shown as text. */
export function View() {
  const state = useViewState();
  const sort = state.query.get('sort') === 'sessions' ? 'sessions' : 'count';
  const { data, error } = useApi<ErrorsResponse>(readUrl('errors', state, { sort, limit: 100 }));
  return (
    <>
      <ErrorRatePanel />
      <Panel
        id="errors"
        title={t('errors.title')}
        actions={
          <Choice
            label={t('errors.sort')}
            value={sort}
            options={[
              { value: 'count', label: t('errors.count') },
              { value: 'sessions', label: t('errors.sessions') },
            ]}
            onChange={(s) =>
              navigate(appHref('errors', changeQuery(state.query, { sort: s === 'count' ? undefined : s })), {
                replace: true,
              })
            }
          />
        }
      >
        <IgnoredFilters route="errors" filters={state.filters} />
        <ApiContent
          data={data}
          error={error}
          rows={5}
          isEmpty={(d) => d.errors.length === 0}
          emptyTitle={t('errors.empty')}
        >
          {(data) => (
            <ol class="error-groups">
              {data.errors.map((g: Group) => (
                <li key={g.fingerprint} class="error-group" data-fingerprint={g.fingerprint}>
                  <div class="error-head">
                    <p class="error-title">
                      <span class="error-type">{g.type}</span> <span class="error-message">{g.message}</span>
                    </p>
                    <Sparkline values={g.series} label={trendLabel(g.series, data.periods)} />
                  </div>
                  <dl class="error-stats">
                    <div>
                      <dt>{t('errors.count')}</dt>
                      <dd>{formatCount(g.count)}</dd>
                    </div>
                    <div>
                      <dt>{t('errors.sessions')}</dt>
                      <dd>{formatCount(g.sessions)}</dd>
                    </div>
                    <div>
                      <dt>{t('errors.firstSeen')}</dt>
                      <dd title={formatDateTime(g.firstSeen, state.tz)}>{formatRelative(g.firstSeen)}</dd>
                    </div>
                    <div>
                      <dt>{t('errors.lastSeen')}</dt>
                      <dd title={formatDateTime(g.lastSeen, state.tz)}>{formatRelative(g.lastSeen)}</dd>
                    </div>
                  </dl>
                  <ul class="error-pages" aria-label={t('errors.pages')}>
                    {g.pages.map((p) => (
                      <li key={p.path}>
                        <Link href={filterHref('errors', state, 'path', p.path)}>{p.path}</Link>{' '}
                        <span class="muted">{formatCount(p.count)}</span>
                      </li>
                    ))}
                  </ul>
                  <details class="error-stack">
                    <summary>{t('errors.stack')}</summary>
                    {g.stack.length === 0 ? (
                      <p class="muted">{t('errors.noStack')}</p>
                    ) : (
                      <pre>
                        <code>
                          {g.stack
                            .map(
                              (f) => `at ${f.fn ?? '<anonymous>'} (${f.file ?? '?'}:${f.line ?? '?'}:${f.col ?? '?'})`,
                            )
                            .join('\n')}
                        </code>
                      </pre>
                    )}
                  </details>
                </li>
              ))}
            </ol>
          )}
        </ApiContent>
      </Panel>
    </>
  );
}
