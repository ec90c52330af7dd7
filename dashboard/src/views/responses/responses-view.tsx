import type { PromptList, ResponseItem } from '@loupe/shared';
import { MAX_SEARCH_LENGTH } from '@loupe/shared/constants';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, withQuery } from '../../api/api-client.js';
import type { OverviewResponse as Overview } from '@loupe/shared';
import { filterQuery, readUrl } from '../../api/read-urls.js';
import { forgetCachedAnswers, useApi } from '../../api/use-api.js';
import { useSession } from '../../auth/session-context.js';
import { t } from '../../i18n/catalogue.js';
import { formatCount, formatDuration } from '../../i18n/format.js';
import { appHref, navigate } from '../../router/location.js';
import { useViewState } from '../../state/use-view-state.js';
import { changeQuery } from '../../state/view-state.js';
import { IgnoredFilters } from '../../ui/ignored-filters.js';
import { rawValue } from '../../ui/metric-format.js';
import { ApiErrorState, EmptyState, errorMessage, LoadingState } from '../../ui/states.js';
import { ResponseRow } from './response-row.js';
import { useInboxKeys } from './use-inbox-keys.js';
import { useResponsePages } from './use-response-pages.js';

const STATUSES = ['open', 'resolved', 'all'] as const;
const SEGMENTS = ['', 'detractor', 'passive', 'promoter'] as const;
const KINDS = ['', 'nps', 'csat', 'ces'] as const;
/** Where an answer was given: the site (the widget) or a link survey's channel. */
const CHANNELS = ['', 'web', 'email', 'sms', 'qr', 'link'] as const;
/** How long typing must pause before the search is sent. */
const SEARCH_PAUSE_MS = 300;

/** The inbox: answers with comments and the friction behind them; close the loop from here. */
export function View() {
  const state = useViewState();
  const session = useSession();
  const q = state.query;
  const status = (STATUSES.find((s) => s === q.get('status')) ?? 'open') as (typeof STATUSES)[number];
  const filters = {
    status: status === 'all' ? undefined : status,
    segment: q.get('segment') || undefined,
    kind: q.get('kind') || undefined,
    prompt: q.get('prompt') || undefined,
    channel: q.get('channel') || undefined,
    // The inbox opens on answers with something to read; ?comment=all shows every answer.
    hasComment: q.get('comment') === 'all' ? undefined : 'true',
    // Text search, done by the server over every answer (not only the pages loaded), in the URL.
    q: q.get('q')?.trim() || undefined,
  };
  const listUrl = readUrl('responses', state, { ...filters, limit: 50 });
  const pages = useResponsePages(listUrl);
  const [version, setVersion] = useState(0);
  const overview = useApi<Overview>(readUrl('overview', { ...state, filters: {} }), version);
  const prompts = useApi<PromptList>(withQuery('/v1/prompts', { site: state.siteId, archived: 'include' }));
  const [search, setSearch] = useState(filters.q ?? '');
  // The search this box last put in the address: a change from elsewhere (back, a link) refills
  // the box; our own does not (the person may have typed on meanwhile).
  const sentSearch = useRef(filters.q ?? '');
  const sendSearch = (text: string) => {
    sentSearch.current = text.trim();
    go({ q: sentSearch.current || undefined });
  };
  useEffect(() => {
    if ((filters.q ?? '') === sentSearch.current) return;
    sentSearch.current = filters.q ?? '';
    setSearch(sentSearch.current);
  }, [filters.q]);
  // Typing waits for a pause before it asks the server.
  useEffect(() => {
    if (search.trim() === sentSearch.current) return;
    const timer = setTimeout(() => sendSearch(search), SEARCH_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [search]);
  const [selected, setSelected] = useState(0);
  // The selection as of the last key press (keys may come faster than renders).
  const selectedRef = useRef(0);
  const select = (i: number) => {
    selectedRef.current = i;
    setSelected(i);
  };
  const [editing, setEditing] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | undefined>();
  const go = (changes: Record<string, string | undefined>) =>
    navigate(appHref('responses', changeQuery(q, changes)), { replace: true });

  const shown = pages.items;
  useEffect(() => select(Math.min(selectedRef.current, Math.max(0, shown.length - 1))), [shown.length]);

  const save = async (item: ResponseItem, change: { status?: 'open' | 'resolved'; note?: string | null }) => {
    setNotice(undefined);
    try {
      const updated = await api<ResponseItem>(
        withQuery(`/v1/responses/${encodeURIComponent(item.id)}`, { site: state.siteId }),
        { method: 'PATCH', body: change },
      );
      pages.update(updated, !filters.status || updated.status === filters.status);
      forgetCachedAnswers();
      setVersion((v) => v + 1);
      setNotice(t('responses.saved'));
    } catch (err) {
      setNotice(errorMessage(err));
    }
  };

  useInboxKeys({
    count: shown.length,
    selected: () => selectedRef.current,
    select,
    onResolve: () => {
      const item = shown[selectedRef.current];
      if (item && session.canChange && item.status === 'open') void save(item, { status: 'resolved' });
    },
    onReopen: () => {
      const item = shown[selectedRef.current];
      if (item && session.canChange && item.status === 'resolved') void save(item, { status: 'open' });
    },
    onEdit: () => {
      const item = shown[selectedRef.current];
      if (item && session.canChange) setEditing(item.id);
    },
    paused: editing !== null,
  });

  const exportQuery = {
    site: state.siteId,
    from: state.range.from,
    to: state.range.to,
    tz: state.tz,
    ...filters,
    ...filterQuery('responses', state.filters),
  };
  const ov = overview.data;

  return (
    <div class="inbox">
      <div class="inbox-summary">
        <span>
          {t('metric.openComplaints')}:{' '}
          <strong
            data-metric="openComplaints"
            data-value={overview.fresh ? rawValue(ov?.openComplaints.value) : undefined}
          >
            {formatCount(ov?.openComplaints.value)}
          </strong>
        </span>
        <span>
          {t('metric.medianTimeToResolveMs')}:{' '}
          <strong
            data-metric="medianTimeToResolveMs"
            data-value={overview.fresh ? rawValue(ov?.medianTimeToResolveMs.value) : undefined}
          >
            {formatDuration(ov?.medianTimeToResolveMs.value)}
          </strong>
        </span>
        <span class="spacer" />
        <span class="exports">
          {t('responses.export')}:{' '}
          <a href={withQuery('/v1/responses.csv', exportQuery)} download>
            {t('responses.exportCsv')}
          </a>{' '}
          <a href={withQuery('/v1/responses.ndjson', exportQuery)} download>
            {t('responses.exportNdjson')}
          </a>
        </span>
      </div>
      <form
        class="filters-row"
        onSubmit={(e) => {
          e.preventDefault();
          // Enter searches at once.
          if (search.trim() !== sentSearch.current) sendSearch(search);
        }}
      >
        <label class="field-inline">
          <span>{t('responses.status')}</span>
          <select
            value={status}
            onChange={(e) => go({ status: e.currentTarget.value === 'open' ? undefined : e.currentTarget.value })}
          >
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`responses.status.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label class="field-inline">
          <span>{t('responses.segment')}</span>
          <select value={filters.segment ?? ''} onChange={(e) => go({ segment: e.currentTarget.value })}>
            {SEGMENTS.map((s) => (
              <option key={s} value={s}>
                {t(s ? `responses.segment.${s}` : 'responses.segment.all')}
              </option>
            ))}
          </select>
        </label>
        <label class="field-inline">
          <span>{t('scores.kind')}</span>
          <select value={filters.kind ?? ''} onChange={(e) => go({ kind: e.currentTarget.value, prompt: undefined })}>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {k ? k.toUpperCase() : t('responses.kind.all')}
              </option>
            ))}
          </select>
        </label>
        <label class="field-inline">
          <span>{t('scores.prompt')}</span>
          <select value={filters.prompt ?? ''} onChange={(e) => go({ prompt: e.currentTarget.value })}>
            <option value="">{t('scores.allPrompts')}</option>
            {(prompts.data?.prompts ?? [])
              .filter((p) => !filters.kind || p.kind === filters.kind)
              .map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
          </select>
        </label>
        <label class="field-inline">
          <span>{t('responses.channel')}</span>
          <select value={filters.channel ?? ''} onChange={(e) => go({ channel: e.currentTarget.value })}>
            {CHANNELS.map((c) => (
              <option key={c} value={c}>
                {t(c ? `responses.channel.${c}` : 'responses.channel.all')}
              </option>
            ))}
          </select>
        </label>
        <label class="check">
          <input
            type="checkbox"
            checked={filters.hasComment === 'true'}
            onChange={(e) => go({ comment: e.currentTarget.checked ? undefined : 'all' })}
          />
          <span>{t('responses.hasComment')}</span>
        </label>
        <label class="field-inline search">
          <span class="visually-hidden">{t('responses.search')}</span>
          <input
            type="search"
            name="q"
            placeholder={t('responses.search')}
            value={search}
            onInput={(e) => setSearch(e.currentTarget.value)}
            aria-describedby="search-hint"
            maxLength={MAX_SEARCH_LENGTH}
          />
          <span id="search-hint" class="visually-hidden">
            {t('responses.searchHint')}
          </span>
        </label>
      </form>
      <IgnoredFilters route="responses" filters={state.filters} />
      <p class="hint keys">{session.canChange ? t('responses.keys') : t('responses.readOnly')}</p>
      <p class="visually-hidden" role="status">
        {notice}
      </p>
      {pages.error && !pages.items.length ? (
        <ApiErrorState error={pages.error} retry={pages.reload} />
      ) : pages.loading && !pages.items.length ? (
        <LoadingState rows={5} />
      ) : shown.length === 0 ? (
        <EmptyState title={t('responses.empty')} />
      ) : (
        <ol class="responses" aria-label={t('responses.title')}>
          {shown.map((item, i) => (
            <li key={item.id}>
              <ResponseRow
                item={item}
                selected={i === selected}
                editing={editing === item.id}
                tz={state.tz}
                siteQuery={
                  new URLSearchParams({
                    site: state.siteId,
                    period: state.period,
                    ...(state.period === 'custom' ? { from: state.range.from, to: state.range.to } : {}),
                  })
                }
                canChange={session.canChange}
                save={save}
                onSelect={() => select(i)}
                onEdit={(open) => setEditing(open ? item.id : null)}
              />
            </li>
          ))}
        </ol>
      )}
      {pages.more && (
        <p class="load-more">
          <button type="button" class="button" onClick={pages.loadMore} disabled={pages.loading}>
            {t('responses.more')}
          </button>
          <span class="muted">{t('responses.count', { n: pages.items.length })}</span>
        </p>
      )}
    </div>
  );
}
