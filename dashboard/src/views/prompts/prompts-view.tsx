import type { Prompt, PromptList } from '@loupe/shared';
import { useState } from 'preact/hooks';
import { archivePrompt, duplicatePrompt, promptsUrl, setPromptStatus } from '../../api/studio-api.js';
import { useApi } from '../../api/use-api.js';
import { useSession } from '../../auth/session-context.js';
import { st } from '../../i18n/studio-catalogue.js';
import { Link } from '../../router/link.js';
import { appHref } from '../../router/location.js';
import { Dialog } from '../../ui/dialog.js';
import { fieldErrors } from '../../ui/field.js';
import { Panel } from '../../ui/panel.js';
import { ApiErrorState, EmptyState, LoadingState } from '../../ui/states.js';
import { TableHead } from '../../ui/table-head.js';
import { usePromptStats } from './prompt-stats.js';

const KIND_LABEL = { nps: 'NPS', csat: 'CSAT', ces: 'CES' } as const;
const pct = (n: number | null | undefined) => (n === null || n === undefined ? '–' : `${Math.round(n)} %`);
const num = (n: number | null | undefined, digits = 0) => (n === null || n === undefined ? '–' : n.toFixed(digits));

/** The site's prompts with their last 30 days; owners pause, resume, duplicate and delete them. */
export function View() {
  const { site, tz, canChange } = useSession();
  const [version, setVersion] = useState(0);
  const [showArchived, setShowArchived] = useState(false);
  const list = useApi<PromptList>(`${promptsUrl(site.siteId, showArchived ? 'include' : undefined)}`, version);
  const stats = usePromptStats(site.siteId, tz, list.data?.prompts, version);
  const [deleting, setDeleting] = useState<Prompt>();
  const [error, setError] = useState<string>();
  const act = async (run: () => Promise<unknown>) => {
    try {
      await run();
      setError(undefined);
    } catch (err) {
      setError(Object.values(fieldErrors(err))[0]);
    }
    setVersion((v) => v + 1);
  };
  const editHref = (p: Prompt) => appHref('prompt', { site: site.siteId, prompt: p.id });
  return (
    <div class="studio">
      <div class="studio-head">
        <h1>{st('prompts.title')}</h1>
        {canChange && (
          <Link class="button primary" href={appHref('prompt', { site: site.siteId })}>
            {st('prompts.new')}
          </Link>
        )}
      </div>
      <Panel
        title={st('prompts.list')}
        id="prompts"
        actions={
          <label class="check">
            <input type="checkbox" checked={showArchived} onChange={(e) => setShowArchived(e.currentTarget.checked)} />{' '}
            {st('prompts.showArchived')}
          </label>
        }
      >
        {list.error ? (
          <ApiErrorState error={list.error} retry={() => setVersion((v) => v + 1)} />
        ) : !list.data ? (
          <LoadingState rows={2} />
        ) : list.data.prompts.length === 0 ? (
          <EmptyState title={st('prompts.none.title')}>
            <p>{canChange ? st('prompts.none.owner') : st('prompts.none.viewer')}</p>
          </EmptyState>
        ) : (
          <div class="table-wrap">
            <table class="data-table prompts-table">
              <caption class="visually-hidden">{st('prompts.caption')}</caption>
              <TableHead
                columns={[
                  st('prompts.name'),
                  st('prompts.status'),
                  st('prompts.kind'),
                  { label: st('prompts.responses'), num: true },
                  { label: st('prompts.rate'), num: true },
                  { label: st('prompts.score'), num: true },
                ]}
                actions={canChange}
              />
              <tbody>
                {list.data.prompts.map((p) => {
                  const s = stats?.get(p.id);
                  return (
                    <tr key={p.id} data-prompt={p.id} data-status={p.status}>
                      <th scope="row">
                        {p.status === 'archived' || !canChange ? (
                          <span>{p.name}</span>
                        ) : (
                          <Link href={editHref(p)}>{p.name}</Link>
                        )}
                      </th>
                      <td>
                        <span class={`status-badge ${p.status}`}>{st(`prompts.status.${p.status}`)}</span>
                      </td>
                      <td>{KIND_LABEL[p.kind]}</td>
                      <td class="num" data-value={s?.responses ?? 0}>
                        {stats ? (s?.responses ?? 0) : '…'}
                      </td>
                      <td class="num">{stats ? pct(s?.responseRate) : '…'}</td>
                      <td class="num">{stats ? num(s?.score, p.kind === 'nps' ? 0 : 1) : '…'}</td>
                      {canChange && (
                        <td class="num row-actions">
                          {p.status === 'active' && (
                            <button
                              type="button"
                              class="button small"
                              onClick={() => void act(() => setPromptStatus(site.siteId, p.id, 'pause'))}
                              aria-label={st('prompts.pauseNamed', { name: p.name })}
                            >
                              {st('prompts.pause')}
                            </button>
                          )}
                          {p.status === 'paused' && (
                            <button
                              type="button"
                              class="button small"
                              onClick={() => void act(() => setPromptStatus(site.siteId, p.id, 'resume'))}
                              aria-label={st('prompts.resumeNamed', { name: p.name })}
                            >
                              {st('prompts.resume')}
                            </button>
                          )}
                          <button
                            type="button"
                            class="button small"
                            onClick={() => void act(() => duplicatePrompt(site.siteId, p.id))}
                            aria-label={st('prompts.duplicateNamed', { name: p.name })}
                          >
                            {st('prompts.duplicate')}
                          </button>
                          {p.status !== 'archived' && (
                            <button
                              type="button"
                              class="button small danger"
                              onClick={() => setDeleting(p)}
                              aria-label={st('prompts.deleteNamed', { name: p.name })}
                            >
                              {st('common.delete')}
                            </button>
                          )}
                        </td>
                      )}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
        <p class="muted panel-foot">{st('prompts.statsRange')}</p>
        {error && (
          <p class="form-error" role="alert">
            {error}
          </p>
        )}
      </Panel>
      {deleting && (
        <Dialog title={st('prompts.deleteTitle', { name: deleting.name })} onClose={() => setDeleting(undefined)}>
          <p>{st('prompts.deleteBody')}</p>
          <div class="form-actions">
            <button type="button" class="button" onClick={() => setDeleting(undefined)}>
              {st('common.cancel')}
            </button>
            <button
              type="button"
              class="button danger"
              onClick={() => {
                const p = deleting;
                setDeleting(undefined);
                void act(() => archivePrompt(site.siteId, p.id));
              }}
            >
              {st('common.delete')}
            </button>
          </div>
        </Dialog>
      )}
    </div>
  );
}
