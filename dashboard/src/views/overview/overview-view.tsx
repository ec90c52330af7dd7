import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api/api-client.js';
import type { OverviewResponse as Overview, EngagementResponse } from '@loupe/shared';
import { readUrl } from '../../api/read-urls.js';
import { prefetch, useApi } from '../../api/use-api.js';
import { appHref, navigate } from '../../router/location.js';
import { addDays } from '../../state/calendar.js';
import { todayIn } from '../../state/calendar.js';
import { useViewState } from '../../state/use-view-state.js';
import { changeQuery } from '../../state/view-state.js';
import { ApiErrorState, LoadingState } from '../../ui/states.js';
import { BreakdownPanel, breakdownPanelUrl } from './breakdown-panel.js';
import { GoalsPanel } from './goals-panel.js';
import { InstallState } from './install-state.js';
import { MainGraph, mainGraphUrl } from './main-graph.js';
import { OverviewCards } from './overview-cards.js';
import { findMetric } from './overview-metrics.js';
import { PagesPanel, pagesPanelUrl } from './pages-panel.js';
import { IgnoredFilters } from '../../ui/ignored-filters.js';
import { SampledNote } from '../../ui/sampled-note.js';

const isEmpty = (o: Overview): boolean =>
  !o.sessions.value && !o.responses.value && !o.sessions.previous && !o.responses.previous;

/** The view the app opens on, as Plausible does: figures, one graph, then what is behind them. */
export function View() {
  const state = useViewState();
  const [version, setVersion] = useState(0);
  const overview = useApi<Overview>(readUrl('overview', state), version);
  // The median engaged time is kept per session, not per page: none under a path filter.
  const engagement = useApi<EngagementResponse>(state.filters.path ? null : readUrl('engagement', state), version);
  // The panels render once the overview has answered (a site without data shows its install
  // snippet instead); their requests start now, in parallel with it.
  useEffect(() => prefetch([mainGraphUrl(state), pagesPanelUrl(state), breakdownPanelUrl(state)]), [state]);
  // Visitors, the default, are not counted under a sample of sessions: then sessions are the default.
  const metric = findMetric(state.query.get('metric') ?? (overview.data?.sampled ? 'sessions' : null));
  const noFilters = Object.keys(state.filters).length === 0;

  // Nothing in this period or the one before: is there anything at all? (The longest range the API reads.)
  const today = todayIn(state.tz);
  const everything = readUrl('overview', { ...state, filters: {}, range: { from: addDays(today, -730), to: today } });
  const siteIsEmpty = useApi<Overview>(
    noFilters && overview.data && overview.fresh && isEmpty(overview.data) ? everything : null,
    version,
  );

  if (overview.error && !overview.data)
    return <ApiErrorState error={overview.error} retry={() => setVersion((v) => v + 1)} />;
  if (!overview.data) return <LoadingState rows={4} />;
  if (siteIsEmpty.data && isEmpty(siteIsEmpty.data)) {
    return (
      <InstallState
        probe={async () => !isEmpty(await api<Overview>(everything))}
        onLive={() => setVersion((v) => v + 1)}
      />
    );
  }
  return (
    <div class="overview">
      <IgnoredFilters route="overview" filters={state.filters} />
      <SampledNote sampled={overview.data.sampled} />
      <SampledNote sampled={overview.data.answersSampled} />
      <OverviewCards
        overview={overview.data}
        medianEngagementMs={engagement.data && engagement.fresh ? engagement.data.total.medianMs : undefined}
        stale={!overview.fresh}
        metric={metric}
        onMetric={(m) =>
          navigate(appHref('', changeQuery(state.query, { metric: m.key === 'visitors' ? undefined : m.key })), {
            replace: true,
          })
        }
      />
      <MainGraph metric={metric} />
      <div class="panels">
        <PagesPanel />
        <BreakdownPanel />
        <GoalsPanel overview={overview.data} />
      </div>
    </div>
  );
}
