import { type FilteredRoute, ignoredFilters } from '../api/read-urls.js';
import { t } from '../i18n/catalogue.js';
import type { Filters } from '../state/view-state.js';

/** Says which active filters a view's figures cannot honour, rather than ignoring them silently. */
export function IgnoredFilters({ route, filters }: { route: FilteredRoute; filters: Filters }) {
  const ignored = ignoredFilters(route, filters);
  if (!ignored.length) return null;
  return (
    <p class="hint ignored-filters">
      {t('overview.ignoredFilters', { names: ignored.map((k) => t(`filter.${k}`)).join(', ') })}
    </p>
  );
}
