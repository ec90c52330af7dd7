import { t } from '../i18n/catalogue.js';
import { Link } from '../router/link.js';
import { appHref } from '../router/location.js';
import { useViewState } from '../state/use-view-state.js';
import { changeQuery, FILTER_KEYS } from '../state/view-state.js';
import { filterValueLabel } from './filter-label.js';

/** The active filters, each removable; stored strings are shown as text. */
export function FilterChips({ route }: { route: string }) {
  const state = useViewState();
  const active = FILTER_KEYS.filter((k) => state.filters[k]);
  if (!active.length) return null;
  return (
    <ul class="chips" aria-label={t('filter.label')}>
      {active.map((key) => {
        const value = state.filters[key]!;
        const label = filterValueLabel(key, value);
        return (
          <li key={key} class="chip" data-filter={key}>
            <span class="chip-name">{t(`filter.${key}`)}</span> <span class="chip-value">{label}</span>
            <Link
              class="chip-remove"
              href={appHref(route, changeQuery(state.query, { [key]: undefined }))}
              aria-label={t('filter.remove', { name: t(`filter.${key}`), value: label })}
            >
              ×
            </Link>
          </li>
        );
      })}
      {active.length > 1 && (
        <li>
          <Link
            class="chip-clear"
            href={appHref(route, changeQuery(state.query, Object.fromEntries(FILTER_KEYS.map((k) => [k, undefined]))))}
          >
            {t('filter.clear')}
          </Link>
        </li>
      )}
    </ul>
  );
}
