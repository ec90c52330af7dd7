import type { TaskFigures, TasksResponse } from '@loupe/shared';
import { readUrl } from '../../api/read-urls.js';
import { useApi } from '../../api/use-api.js';
import { t } from '../../i18n/catalogue.js';
import { formatCount, formatDuration, formatPercent } from '../../i18n/format.js';
import { Link } from '../../router/link.js';
import { appHref } from '../../router/location.js';
import { useViewState } from '../../state/use-view-state.js';
import { changeQuery } from '../../state/view-state.js';
import { ApiContent } from '../../ui/api-content.js';
import { Panel } from '../../ui/panel.js';
import { TableWrap } from '../../ui/table-wrap.js';
import { ScoreAfter } from './score-after.js';
import { SuccessTrend } from './success-trend.js';
import { IgnoredFilters } from '../../ui/ignored-filters.js';

/** A figure's cell: the formatted number, with the raw one in data-value for tests and scripts. */
const Cell = ({ metric, value, text }: { metric: string; value: number | null; text: string }) => (
  <td class="num" data-metric={metric} data-value={value === null ? 'null' : String(value)}>
    {text}
  </td>
);

/**
 * Task success: per task (`loupe('task', …)`) its runs and how they ended, the success rate and
 * the time on task; then the chosen task's success rate over time and the score of the answers
 * given after a success against after a failure. Task names are the site's strings: text only.
 */
export function View() {
  const state = useViewState();
  const { data, error } = useApi<TasksResponse>(readUrl('tasks', state, { interval: state.interval }));
  const asked = state.query.get('task');
  const chosen = data?.tasks.find((x) => x.task === asked) ?? data?.tasks[0];
  return (
    <>
      <Panel id="tasks" title={t('tasks.title')}>
        <IgnoredFilters route="tasks" filters={state.filters} />
        <ApiContent
          data={data}
          error={error}
          rows={3}
          isEmpty={(d) => d.tasks.length === 0}
          emptyTitle={t('tasks.empty')}
        >
          {(data) => (
            <TableWrap label={t('tasks.title')}>
              <table class="data-table tasks-table">
                <caption class="visually-hidden">{t('tasks.title')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('tasks.task')}</th>
                    <th scope="col" class="num">
                      {t('tasks.started')}
                    </th>
                    <th scope="col" class="num">
                      {t('tasks.successRate')}
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
                      {t('tasks.inProgress')}
                    </th>
                    <th scope="col" class="num">
                      {t('tasks.median')}
                    </th>
                    <th scope="col" class="num">
                      {t('tasks.p75')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {data.tasks.map((x: TaskFigures) => (
                    <tr key={x.task} data-task={x.task} aria-current={x === chosen ? 'true' : undefined}>
                      <th scope="row">
                        <Link class="cell-link" href={appHref('tasks', changeQuery(state.query, { task: x.task }))}>
                          {x.task}
                        </Link>
                      </th>
                      <Cell metric="started" value={x.started} text={formatCount(x.started)} />
                      <Cell metric="successRate" value={x.successRate} text={formatPercent(x.successRate)} />
                      <Cell metric="succeeded" value={x.succeeded} text={formatCount(x.succeeded)} />
                      <Cell metric="failed" value={x.failed} text={formatCount(x.failed)} />
                      <Cell metric="abandoned" value={x.abandoned} text={formatCount(x.abandoned)} />
                      <Cell metric="inProgress" value={x.inProgress} text={formatCount(x.inProgress)} />
                      <Cell metric="medianMs" value={x.medianMs} text={formatDuration(x.medianMs)} />
                      <Cell metric="p75Ms" value={x.p75Ms} text={formatDuration(x.p75Ms)} />
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          )}
        </ApiContent>
        <p class="muted">{t('tasks.note')}</p>
      </Panel>
      {chosen && (
        <div class="view-grid">
          <Panel id="task-trend" title={t('tasks.trendOf', { task: chosen.task })}>
            <SuccessTrend task={chosen} tz={state.tz} hourly={data?.interval === 'hour'} />
          </Panel>
          <Panel id="task-after" title={t('tasks.afterOf', { task: chosen.task })}>
            <ScoreAfter task={chosen} />
          </Panel>
        </div>
      )}
    </>
  );
}
