import type { ConversionResponse, FunnelResponse } from '@loupe/shared';
import { readUrl } from '../../api/read-urls.js';
import { useApi } from '../../api/use-api.js';
import { t } from '../../i18n/catalogue.js';
import { appHref, navigate } from '../../router/location.js';
import { useViewState } from '../../state/use-view-state.js';
import { changeQuery } from '../../state/view-state.js';
import { ApiContent } from '../../ui/api-content.js';
import { Panel } from '../../ui/panel.js';
import { Choice } from '../../ui/tabs.js';
import { ConversionTable } from './conversion-table.js';
import { FunnelTable } from './funnel-table.js';
import { StepsEditor } from './steps-editor.js';
import { stepsOf } from './steps-param.js';
import { IgnoredFilters } from '../../ui/ignored-filters.js';
import { SampledNote } from '../../ui/sampled-note.js';

const BY = ['page', 'device', 'band'] as const;
type By = (typeof BY)[number];

/**
 * Funnels: the owner's steps (pages by path pattern, or goals) in the URL's `steps`, so a funnel is
 * a link to share; how sessions went through them; and how sessions convert to the funnel's goal
 * (its last step when that is one, else any goal) per page, device and answer band.
 */
export function View() {
  const state = useViewState();
  const steps = stepsOf(state.query.get('steps'));
  const by = (BY.find((b) => b === state.query.get('by')) ?? 'band') as By;
  const last = steps[steps.length - 1];
  const goal = last?.startsWith('track:') ? last.slice('track:'.length) : undefined;
  const funnel = useApi<FunnelResponse>(
    steps.length >= 2 ? readUrl('funnels', state, { steps: steps.join(',') }) : null,
  );
  const conversion = useApi<ConversionResponse>(readUrl('conversion', state, { by, goal, limit: 20 }));
  const go = (changes: Record<string, string | undefined>) =>
    navigate(appHref('funnels', changeQuery(state.query, changes)), { replace: true });
  return (
    <>
      <Panel id="funnel" title={t('funnels.title')}>
        <StepsEditor steps={steps} onShow={(next) => go({ steps: next.join(',') })} />
        <IgnoredFilters route="funnels" filters={state.filters} />
        {steps.length < 2 ? (
          <p class="field-hint">{t('funnels.needSteps')}</p>
        ) : (
          <>
            {/* Outside the content: a sample that found nobody is an estimate too, and the empty state would hide it. */}
            <SampledNote sampled={funnel.data?.sampled} message="funnels.sampled" />
            <ApiContent
              data={funnel.data}
              error={funnel.error}
              rows={steps.length}
              isEmpty={(d) => d.steps[0]!.entered === 0}
              emptyTitle={t('funnels.empty')}
            >
              {(d) => <FunnelTable data={d} />}
            </ApiContent>
          </>
        )}
      </Panel>
      <Panel
        id="conversion"
        title={goal ? t('conversion.goal', { goal }) : `${t('conversion.title')}: ${t('conversion.anyGoal')}`}
        actions={
          <Choice
            label={t('conversion.by')}
            value={by}
            options={BY.map((b) => ({ value: b, label: t(`conversion.${b}`) }))}
            onChange={(b) => go({ by: b })}
          />
        }
      >
        <SampledNote sampled={conversion.data?.sampled} message="conversion.sampled" />
        <ApiContent
          data={conversion.data}
          error={conversion.error}
          rows={3}
          isEmpty={(d) => d.rows.length === 0}
          emptyTitle={t('conversion.empty')}
        >
          {(d) => <ConversionTable data={d} />}
        </ApiContent>
      </Panel>
    </>
  );
}
