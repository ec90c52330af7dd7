import type { FrictionInsightResponse, PromptList, ScoresResponse, TraitsResponse } from '@loupe/shared';
import { MAX_TOUCHPOINT_LENGTH, MAX_TRAIT_KEY_LENGTH, RESPONSE_CHANNELS } from '@loupe/shared/constants';
import { useMemo } from 'preact/hooks';
import { withQuery } from '../../api/api-client.js';
import { readUrl, scopeQuery, traitsUrl } from '../../api/read-urls.js';
import { useApi } from '../../api/use-api.js';
import { t } from '../../i18n/catalogue.js';
import { appHref, navigate } from '../../router/location.js';
import { useViewState } from '../../state/use-view-state.js';
import { changeQuery, traitParam } from '../../state/view-state.js';
import { Panel } from '../../ui/panel.js';
import { ApiContent } from '../../ui/api-content.js';
import { ApiErrorState, EmptyState, LoadingState } from '../../ui/states.js';
import { IgnoredFilters } from '../../ui/ignored-filters.js';
import { Choice } from '../../ui/tabs.js';
import { DistributionChart } from './distribution-chart.js';
import { FrictionInsight } from './friction-insight.js';
import { JourneysPanel } from './journeys-panel.js';
import { TouchpointsPanel } from './touchpoints-panel.js';
import { AudienceComparison } from './audience-comparison.js';
import { type BuiltinGroupBy, ScoreGroups, type GroupBy, isTraitGroup, traitNameOf } from './score-groups.js';
import { ScoreHeadline } from './score-headline.js';
import { ScoreTrend } from './score-trend.js';
import type { Kind } from './segments.js';
import { SampledNote } from '../../ui/sampled-note.js';

const KINDS: Kind[] = ['nps', 'csat', 'ces'];
const GROUP_BYS: BuiltinGroupBy[] = ['device', 'language', 'path', 'prompt', 'channel', 'touchpoint'];
const traitGroupOf = (by: string | null) =>
  by && isTraitGroup(by) && traitNameOf(by).length <= MAX_TRAIT_KEY_LENGTH ? by : undefined;

/** Whether any filter narrows the view (then the scores are set against everyone else). */
const isFiltered = (f: ReturnType<typeof useViewState>['filters']) =>
  Object.entries(f).some(([, v]) => (Array.isArray(v) ? v.length > 0 : Boolean(v)));

/**
 * Scores per kind and prompt: headline, trend with its margin, distribution, segments, friction.
 * Scale, prompt, channel (the site or a link survey's), touchpoint and the comparison are in the URL.
 * A filtered view (a segment, an audience) also sets its score against everyone else's.
 */
export function View() {
  const state = useViewState();
  const q = state.query;
  const kind = (KINDS.find((k) => k === q.get('kind')) ?? 'nps') as Kind;
  const prompt = q.get('prompt') ?? undefined;
  const channel = RESPONSE_CHANNELS.find((c) => c === q.get('channel'));
  const touchpoint = q.get('touchpoint')?.trim().slice(0, MAX_TOUCHPOINT_LENGTH) || undefined;
  const groupBy: GroupBy = GROUP_BYS.find((g) => g === q.get('by')) ?? traitGroupOf(q.get('by')) ?? 'device';
  const filtered = isFiltered(state.filters);
  // The scores API buckets by day, week or month.
  const interval = state.interval === 'hour' ? 'day' : state.interval;
  const go = (changes: Record<string, string | undefined>) =>
    navigate(appHref('scores', changeQuery(state.query, changes)));

  const scores = useApi<ScoresResponse>(
    readUrl('scores', state, { kind, interval, prompt, channel, touchpoint, groupBy }),
  );
  // Everyone, for the comparison: the same scale, prompt, channel, touchpoint and period, no filter.
  const everyone = useApi<ScoresResponse>(
    filtered ? readUrl('scores', { ...state, filters: {} }, { kind, interval, prompt, channel, touchpoint }) : null,
  );
  // The site's trait names, to compare by one (a shared link's view may not list them).
  const traits = useApi<TraitsResponse>(traitsUrl(state.siteId));
  const traitNames = (traits.data?.traits ?? []).map((x) => x.name);
  // A grouping from the URL stays choosable even when the list does not name it.
  if (isTraitGroup(groupBy) && !traitNames.includes(traitNameOf(groupBy))) traitNames.push(traitNameOf(groupBy));
  const friction = useApi<FrictionInsightResponse>(readUrl('friction', state, { kind }));
  const prompts = useApi<PromptList>(withQuery('/v1/prompts', { ...scopeQuery(state.siteId), archived: 'include' }));
  const promptNames = useMemo(() => new Map((prompts.data?.prompts ?? []).map((p) => [p.id, p.name])), [prompts.data]);
  const ofKind = (prompts.data?.prompts ?? []).filter((p) => p.kind === kind);
  const stale = !scores.fresh;

  const controls = (
    <div class="filters-row">
      <Choice
        label={t('scores.kind')}
        value={kind}
        options={KINDS.map((k) => ({ value: k, label: k.toUpperCase() }))}
        onChange={(k) => go({ kind: k, prompt: undefined })}
      />
      <label class="field-inline">
        <span>{t('scores.prompt')}</span>
        <select value={prompt ?? ''} onChange={(e) => go({ prompt: e.currentTarget.value || undefined })}>
          <option value="">{t('scores.allPrompts')}</option>
          {ofKind.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
          {prompt && !ofKind.some((p) => p.id === prompt) && (
            <option value={prompt}>{promptNames.get(prompt) ?? prompt}</option>
          )}
        </select>
      </label>
      <label class="field-inline">
        <span>{t('scores.channel')}</span>
        <select value={channel ?? ''} onChange={(e) => go({ channel: e.currentTarget.value || undefined })}>
          {(['', ...RESPONSE_CHANNELS] as const).map((c) => (
            <option key={c} value={c}>
              {t(c ? `responses.channel.${c}` : 'responses.channel.all')}
            </option>
          ))}
        </select>
      </label>
      <label class="field-inline">
        <span>{t('scores.touchpoint')}</span>
        {/* Sent on Enter or leaving the field (change), keyed so a new URL refills it. */}
        <input
          key={touchpoint ?? ''}
          type="search"
          defaultValue={touchpoint ?? ''}
          placeholder={t('scores.allTouchpoints')}
          maxLength={MAX_TOUCHPOINT_LENGTH}
          onChange={(e) => go({ touchpoint: e.currentTarget.value.trim() || undefined })}
        />
      </label>
    </div>
  );

  if (scores.error && !scores.data)
    return (
      <>
        {controls}
        <ApiErrorState error={scores.error} />
      </>
    );
  if (!scores.data)
    return (
      <>
        {controls}
        <LoadingState rows={4} />
      </>
    );
  const data = scores.data;
  const total = data.total;
  return (
    <div class="scores">
      {controls}
      <IgnoredFilters route="scores" filters={state.filters} />
      <SampledNote sampled={data.sampled} />
      {total.responses === 0 && !stale ? (
        <EmptyState title={t('scores.empty', { kind: kind.toUpperCase() })} />
      ) : (
        <>
          <div class="view-grid">
            <Panel id="score" title={t('scores.headline', { kind: kind.toUpperCase() })}>
              <ScoreHeadline kind={kind} summary={total} margin={total.marginOfError} stale={stale} />
            </Panel>
            <Panel id="distribution" title={t('scores.distribution')}>
              <DistributionChart kind={kind} summary={total} />
            </Panel>
          </div>
          {filtered && (
            <Panel id="versus" title={t('scores.vs.title')} class="spaced">
              <ApiContent data={everyone.fresh ? everyone.data : undefined} error={everyone.error} rows={3}>
                {(all) => (
                  <AudienceComparison kind={kind} filters={state.filters} audience={total} everyone={all.total} />
                )}
              </ApiContent>
            </Panel>
          )}
          <Panel id="trend" title={t('scores.trend')} class="spaced">
            <ScoreTrend kind={kind} series={data.series} tz={state.tz} />
          </Panel>
          <div class="view-grid">
            <Panel
              id="groups"
              title={t('scores.compareBy')}
              actions={
                <>
                  <Choice
                    label={t('scores.compareBy')}
                    value={isTraitGroup(groupBy) ? undefined : groupBy}
                    options={GROUP_BYS.map((g) => ({ value: g, label: t(`scores.by.${g}`) }))}
                    onChange={(g) => go({ by: g === 'device' ? undefined : g })}
                  />
                  {traitNames.length > 0 && (
                    <label class="field-inline">
                      <span class="visually-hidden">{t('scores.by.trait')}</span>
                      <select
                        class="compare-trait"
                        value={isTraitGroup(groupBy) ? groupBy : ''}
                        onChange={(e) => go({ by: e.currentTarget.value || undefined })}
                      >
                        <option value="">{t('scores.by.traitNone')}</option>
                        {traitNames.map((n) => (
                          <option key={n} value={traitParam(n)}>
                            {n}
                          </option>
                        ))}
                      </select>
                    </label>
                  )}
                </>
              }
            >
              <ScoreGroups groups={data.groups ?? []} by={groupBy} state={state} promptNames={promptNames} />
            </Panel>
            <Panel id="friction" title={t('scores.friction.title')}>
              <IgnoredFilters route="friction" filters={state.filters} />
              <SampledNote sampled={friction.data?.sampled} />
              {(channel || touchpoint) && <p class="muted">{t('scores.friction.siteOnly')}</p>}
              <ApiContent data={friction.data} error={friction.error}>
                {(insight) => <FrictionInsight insight={insight} state={state} />}
              </ApiContent>
            </Panel>
            <JourneysPanel state={state} kind={kind} />
            <TouchpointsPanel state={state} kind={kind} />
          </div>
        </>
      )}
    </div>
  );
}
