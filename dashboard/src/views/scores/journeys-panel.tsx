import type { JourneysResponse } from '@loupe/shared';
import { readUrl } from '../../api/read-urls.js';
import { useApi } from '../../api/use-api.js';
import { t } from '../../i18n/catalogue.js';
import { formatCount, formatPercent, formatScore } from '../../i18n/format.js';
import { appHref, navigate } from '../../router/location.js';
import { changeQuery, type ViewState } from '../../state/view-state.js';
import { ApiContent } from '../../ui/api-content.js';
import { IgnoredFilters } from '../../ui/ignored-filters.js';
import { Panel } from '../../ui/panel.js';
import { TableWrap } from '../../ui/table-wrap.js';
import { Choice } from '../../ui/tabs.js';
import { SampledNote } from '../../ui/sampled-note.js';

type Band = 'detractor' | 'passive' | 'promoter';
const BANDS: Band[] = ['detractor', 'passive', 'promoter'];
const DEPTHS = ['1', '2', '3', '4', '5'] as const;
const signed = (v: number | null) => (v === null ? formatScore(null) : `${v > 0 ? '+' : ''}${formatScore(v)}`);

type Depth = (typeof DEPTHS)[number];
const isBand = (v: string | null): v is Band => BANDS.includes(v as Band);
const isDepth = (v: string | null): v is Depth => DEPTHS.includes(v as Depth);

/**
 * The paths that led to one band's answers, each against the other band: paths are text. The band
 * and the depth are in the URL (`journeyBand`, `journeyDepth`), so the panel as seen is a link.
 */
export function JourneysPanel({ state, kind }: { state: ViewState & { tz: string; siteId: string }; kind: string }) {
  const askedBand = state.query.get('journeyBand');
  const askedDepth = state.query.get('journeyDepth');
  const band: Band = isBand(askedBand) ? askedBand : 'detractor';
  const depth: Depth = isDepth(askedDepth) ? askedDepth : '2';
  const change = (changes: Record<string, string | undefined>) =>
    navigate(appHref('scores', changeQuery(state.query, changes)), { replace: true });
  const setBand = (v: Band) => change({ journeyBand: v === 'detractor' ? undefined : v });
  const setDepth = (v: Depth) => change({ journeyDepth: v === '2' ? undefined : v });
  const { data, error } = useApi<JourneysResponse>(readUrl('journeys', state, { kind, segment: band, depth }));
  return (
    <Panel
      id="journeys"
      class="wide"
      title={t('journeys.title')}
      actions={
        <>
          <Choice
            label={t('journeys.segment')}
            value={band}
            options={BANDS.map((b) => ({ value: b, label: t(`journeys.band.${b}`) }))}
            onChange={setBand}
          />
          <Choice
            label={t('journeys.depth')}
            value={depth}
            options={DEPTHS.map((d) => ({ value: d, label: d }))}
            onChange={setDepth}
          />
        </>
      }
    >
      <p class="muted">{t('journeys.body')}</p>
      <IgnoredFilters route="journeys" filters={state.filters} />
      <SampledNote sampled={data?.sampled} />
      <ApiContent data={data} error={error} isEmpty={(d) => d.journeys.length === 0} emptyTitle={t('journeys.empty')}>
        {(d) => {
          const other = t(`journeys.band.${d.compareTo}`);
          return (
            <TableWrap label={t('journeys.title')}>
              <table class="data-table journeys-table">
                <caption class="visually-hidden">
                  {t('journeys.caption', { band: t(`journeys.band.${d.segment}`), other })}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">{t('journeys.path')}</th>
                    <th scope="col" class="num">
                      {t('journeys.answers')}
                    </th>
                    <th scope="col" class="num">
                      {t('journeys.share')}
                    </th>
                    <th scope="col" class="num">
                      {t('journeys.mean')}
                    </th>
                    <th scope="col" class="num">
                      {other}
                    </th>
                    <th scope="col" class="num">
                      {t('journeys.lift')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {d.journeys.map((j) => (
                    <tr key={j.steps.join('\u0001')} data-journey={j.steps.join(' → ')}>
                      <th scope="row" class="journey-steps">
                        <ol class="journey-path">
                          {j.steps.map((s, i) => (
                            <li key={i}>
                              <code>{s}</code>
                            </li>
                          ))}
                        </ol>
                      </th>
                      <td class="num">{formatCount(j.responses)}</td>
                      <td class="num">{formatPercent(j.share)}</td>
                      <td class="num">{formatScore(j.meanScore)}</td>
                      <td class="num">{formatPercent(j.compared.share)}</td>
                      <td class="num">{t('format.points', { n: signed(j.lift) })}</td>
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
