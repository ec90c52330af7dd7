import { t } from '../i18n/catalogue.js';
import { Link } from '../router/link.js';
import { appHref } from '../router/location.js';
import { useViewState } from '../state/use-view-state.js';
import { changeQuery, FILTER_KEYS, traitParam } from '../state/view-state.js';
import { filterValueLabel } from './filter-label.js';

interface Chip {
  /** data-filter: the query member it removes. */
  param: string;
  name: string;
  value: string;
}

/**
 * The active filters, each removable: the segment's, each customer trait (its name is the site's
 * own, visitor-supplied like its value: both shown as text) and new or returning.
 */
export function FilterChips({ route }: { route: string }) {
  const state = useViewState();
  const f = state.filters;
  const chips: Chip[] = [
    ...FILTER_KEYS.filter((k) => f[k]).map((k) => ({
      param: k,
      name: t(`filter.${k}`),
      value: filterValueLabel(k, f[k]!),
    })),
    ...(f.traits ?? []).map((tr) => ({ param: traitParam(tr.key), name: tr.key, value: tr.value })),
    ...(f.returning
      ? [{ param: 'returning', name: t('filter.returning'), value: t(`filter.returning.${f.returning}`) }]
      : []),
  ];
  if (!chips.length) return null;
  return (
    <ul class="chips" aria-label={t('filter.label')}>
      {chips.map((c) => (
        <li key={c.param} class="chip" data-filter={c.param}>
          <span class="chip-name">{c.name}</span> <span class="chip-value">{c.value}</span>
          <Link
            class="chip-remove"
            href={appHref(route, changeQuery(state.query, { [c.param]: undefined }))}
            aria-label={t('filter.remove', { name: c.name, value: c.value })}
          >
            ×
          </Link>
        </li>
      ))}
      {chips.length > 1 && (
        <li>
          <Link
            class="chip-clear"
            href={appHref(route, changeQuery(state.query, Object.fromEntries(chips.map((c) => [c.param, undefined]))))}
          >
            {t('filter.clear')}
          </Link>
        </li>
      )}
    </ul>
  );
}
