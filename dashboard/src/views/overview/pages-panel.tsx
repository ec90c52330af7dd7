import type { PagesResponse } from '@loupe/shared';
import { readUrl } from '../../api/read-urls.js';
import { useApi } from '../../api/use-api.js';
import { t } from '../../i18n/catalogue.js';
import { Link } from '../../router/link.js';
import { appHref } from '../../router/location.js';
import { useViewState } from '../../state/use-view-state.js';
import type { ViewState } from '../../state/view-state.js';
import { Panel } from '../../ui/panel.js';
import { ApiContent } from '../../ui/api-content.js';
import { PagesTable } from '../../ui/pages-table.js';
import { SampledNote } from '../../ui/sampled-note.js';

export const pagesPanelUrl = (state: ViewState & { siteId: string; tz: string }) =>
  readUrl('pages', state, { limit: 10 });

/** Top pages with the figures behind their experience; a row filters the overview by its path. */
export function PagesPanel() {
  const state = useViewState();
  const { data, error } = useApi<PagesResponse>(pagesPanelUrl(state));
  return (
    <Panel id="top-pages" title={t('table.pages')} class="wide">
      <ApiContent data={data} error={error}>
        {(data) => (
          <>
            <SampledNote sampled={data.sampled} />
            <SampledNote sampled={data.answersSampled} />
            <PagesTable
              caption={t('table.pages')}
              pages={data.pages}
              footer={
                data.totalPages > data.pages.length && (
                  <p class="panel-foot">
                    <Link href={appHref('pages', state.query)}>{t('table.more')}</Link>
                  </p>
                )
              }
            />
          </>
        )}
      </ApiContent>
    </Panel>
  );
}
