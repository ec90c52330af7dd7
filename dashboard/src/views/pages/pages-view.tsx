import type { PagesResponse } from '@loupe/shared';
import { useState } from 'preact/hooks';
import { readUrl } from '../../api/read-urls.js';
import { useApi } from '../../api/use-api.js';
import { t } from '../../i18n/catalogue.js';
import { appHref, navigate } from '../../router/location.js';
import { useViewState } from '../../state/use-view-state.js';
import { changeQuery } from '../../state/view-state.js';
import { Panel } from '../../ui/panel.js';
import { ApiContent } from '../../ui/api-content.js';
import { Choice } from '../../ui/tabs.js';
import { PagesTable } from '../../ui/pages-table.js';
import { IgnoredFilters } from '../../ui/ignored-filters.js';
import { SampledNote } from '../../ui/sampled-note.js';

const DEVICES = ['', 'desktop', 'mobile', 'tablet'] as const;
const PAGE_SIZE = 100;

/** Every page with its experience: traffic, friction and Web Vitals p75, by device. */
export function View() {
  const state = useViewState();
  const [limit, setLimit] = useState(PAGE_SIZE);
  const { data, error, fresh } = useApi<PagesResponse>(readUrl('pages', state, { limit }));
  const device = state.filters.device ?? '';
  return (
    <Panel
      id="pages"
      title={t('pages.title')}
      actions={
        <Choice
          label={t('pages.byDevice')}
          value={device}
          options={DEVICES.map((d) => ({ value: d, label: d ? t(`device.${d}`) : t('pages.allDevices') }))}
          onChange={(d) => navigate(appHref('pages', changeQuery(state.query, { device: d || undefined })))}
        />
      }
    >
      <IgnoredFilters route="pages" filters={state.filters} />
      <p class="hint">{t('pages.legend')}</p>
      <ApiContent data={data} error={error} rows={6}>
        {(data) => (
          <div class={fresh ? undefined : 'stale'}>
            <SampledNote sampled={data.sampled} />
            <SampledNote sampled={data.answersSampled} />
            <PagesTable
              caption={t('pages.title')}
              pages={data.pages}
              detailed
              footer={
                data.totalPages > data.pages.length &&
                limit < 500 && (
                  <p class="panel-foot">
                    <button type="button" class="button" onClick={() => setLimit(500)}>
                      {t('table.more')}
                    </button>
                  </p>
                )
              }
            />
          </div>
        )}
      </ApiContent>
    </Panel>
  );
}
