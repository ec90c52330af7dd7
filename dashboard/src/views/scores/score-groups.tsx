import type { ScoresResponse } from '@loupe/shared';
import { RESPONSE_CHANNELS, TRAIT_PARAM_PREFIX } from '@loupe/shared/constants';
import { t } from '../../i18n/catalogue.js';
import { formatCount, formatPercent, formatScore } from '../../i18n/format.js';
import { filterValueLabel } from '../../shell/filter-label.js';
import { appHref } from '../../router/location.js';
import { changeQuery, type ViewState } from '../../state/view-state.js';
import { BarTable } from '../../ui/bar-table.js';
import { filterHref } from '../../state/filter-href.js';

type Group = NonNullable<ScoresResponse['groups']>[number];
const CHANNELS: readonly string[] = RESPONSE_CHANNELS;
export type BuiltinGroupBy = 'device' | 'language' | 'path' | 'prompt' | 'channel' | 'touchpoint';
export type GroupBy = BuiltinGroupBy | TraitGroup;
/** A grouping by a customer trait: `trait.<name>`, the API's own groupBy (and the filter's parameter). */
export type TraitGroup = `trait.${string}`;
export const isTraitGroup = (by: string): by is TraitGroup =>
  by.startsWith(TRAIT_PARAM_PREFIX) && by.length > TRAIT_PARAM_PREFIX.length;
/** The trait's name in a `trait.<name>` grouping. */
export const traitNameOf = (by: TraitGroup) => by.slice(TRAIT_PARAM_PREFIX.length);

/**
 * The score by device, language, page, prompt, channel, touchpoint or a customer trait; a row
 * filters the view by it (prompt, channel and touchpoint are the view's own controls, the others
 * the shared filters; a trait's row adds `trait.<name>=<value>`). Trait values are shown as text.
 */
export function ScoreGroups({
  groups,
  by,
  state,
  promptNames,
}: {
  groups: Group[];
  by: GroupBy;
  state: ViewState;
  promptNames: Map<string, string>;
}) {
  const label = (g: Group) =>
    by === 'prompt'
      ? (promptNames.get(g.key) ?? g.key)
      : by === 'device'
        ? filterValueLabel('device', g.key)
        : by === 'channel' && CHANNELS.includes(g.key)
          ? t(`responses.channel.${g.key as (typeof RESPONSE_CHANNELS)[number]}`)
          : g.key;
  return (
    <BarTable<Group>
      caption={t('scores.compareBy')}
      labelHeader={isTraitGroup(by) ? traitNameOf(by) : t(`scores.by.${by}`)}
      rows={groups}
      rowKey={(g) => g.key}
      label={label}
      href={(g) =>
        by === 'prompt' || by === 'channel' || by === 'touchpoint' || isTraitGroup(by)
          ? appHref('scores', changeQuery(state.query, { [by]: g.key }))
          : filterHref('scores', state, by, g.key)
      }
      active={(g) => (by === 'channel' || by === 'touchpoint' || isTraitGroup(by)) && state.query.get(by) === g.key}
      bar={(g) => g.responses}
      columns={[
        { key: 'score', label: t('scores.score'), numeric: true, render: (g) => formatScore(g.score) },
        { key: 'responses', label: t('metric.responses'), numeric: true, render: (g) => formatCount(g.responses) },
        {
          key: 'rate',
          label: t('scores.responseRate'),
          numeric: true,
          secondary: true,
          render: (g) => formatPercent(g.responseRate),
        },
        {
          key: 'dismissed',
          label: t('scores.dismissalRate'),
          numeric: true,
          secondary: true,
          render: (g) => formatPercent(g.dismissalRate),
        },
      ]}
    />
  );
}
