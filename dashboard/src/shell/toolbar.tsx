import { useEffect, useState } from 'preact/hooks';
import { t } from '../i18n/catalogue.js';
import { formatDate } from '../i18n/format.js';
import { appHref, navigate } from '../router/location.js';
import { PERIODS, type Period } from '../state/period.js';
import { useViewState } from '../state/use-view-state.js';
import { changeQuery } from '../state/view-state.js';
import { AudiencePicker } from './audience-picker.js';
import { FilterChips } from './filter-chips.js';
import { PERIOD_KEYS, usePeriodKeys } from './use-period-keys.js';

/** Period, comparison and the active filters: the same on every view, all of it in the URL. */
export function Toolbar({ route }: { route: string }) {
  const state = useViewState();
  const [custom, setCustom] = useState(state.period === 'custom');
  // Back, forward and the period keys change the URL: the picker follows it.
  useEffect(() => setCustom(state.period === 'custom'), [state.period]);
  const go = (changes: Record<string, string | undefined>) =>
    navigate(appHref(route, changeQuery(state.query, changes)));

  const choose = (e: Event) => {
    const period = (e.currentTarget as HTMLSelectElement).value as Period;
    if (period === 'custom') {
      setCustom(true);
      return;
    }
    setCustom(false);
    go({ period, from: undefined, to: undefined, interval: undefined });
  };
  usePeriodKeys(
    (period) => {
      setCustom(false);
      go({ period, from: undefined, to: undefined, interval: undefined });
    },
    () => go({ compare: state.compare ? undefined : '1' }),
  );
  const applyCustom = (e: Event) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    const from = String(form.get('from'));
    const to = String(form.get('to'));
    // Dates in either order: the earlier one is the start.
    const [start, end] = [from, to].sort();
    if (start && end) go({ period: 'custom', from: start, to: end, interval: undefined });
  };

  return (
    <div class="toolbar">
      <div class="filters">
        <AudiencePicker route={route} />
        <FilterChips route={route} />
      </div>
      <div class="period">
        <label class="field-inline">
          <span class="visually-hidden">{t('period.label')}</span>
          <select
            value={custom ? 'custom' : state.period}
            onChange={choose}
            data-testid="period"
            title={t('period.keys')}
            aria-keyshortcuts={PERIOD_KEYS}
          >
            {PERIODS.map((p) => (
              <option key={p} value={p}>
                {t(`period.${p}`)}
              </option>
            ))}
          </select>
        </label>
        {custom && (
          <form class="custom-range" onSubmit={applyCustom}>
            <label>
              <span>{t('period.from')}</span>
              <input type="date" name="from" defaultValue={state.range.from} max={state.range.to} required />
            </label>
            <label>
              <span>{t('period.to')}</span>
              <input type="date" name="to" defaultValue={state.range.to} required />
            </label>
            <button class="button" type="submit">
              {t('period.apply')}
            </button>
          </form>
        )}
        <span class="range-text" data-from={state.range.from} data-to={state.range.to}>
          {t('period.range', { from: formatDate(state.range.from), to: formatDate(state.range.to) })}
        </span>
        <label class="check">
          <input
            type="checkbox"
            checked={state.compare}
            onChange={(e) => go({ compare: e.currentTarget.checked ? '1' : undefined })}
          />
          <span>{t('period.compare')}</span>
        </label>
      </div>
    </div>
  );
}
