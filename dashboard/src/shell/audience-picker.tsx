import type { TraitsResponse } from '@loupe/shared';
import { MAX_TRAIT_KEY_LENGTH, MAX_TRAIT_VALUE_LENGTH, MAX_TRAITS } from '@loupe/shared/constants';
import { useState } from 'preact/hooks';
import { traitsUrl } from '../api/read-urls.js';
import { useApi } from '../api/use-api.js';
import { t, tn } from '../i18n/catalogue.js';
import { formatCount } from '../i18n/format.js';
import { appHref, navigate } from '../router/location.js';
import { useViewState } from '../state/use-view-state.js';
import { changeQuery, RETURNING, traitParam } from '../state/view-state.js';

/**
 * Choosing who a view is about without knowing parameter names: a customer trait and its value
 * (the site's names and common values from /v1/traits, or typed), and new or returning visitors.
 * Each choice goes into the URL as the API's own parameter, so the filtered view is a link. A
 * shared link's view cannot list a site's traits (the server refuses it): the name is typed there.
 */
export function AudiencePicker({ route }: { route: string }) {
  const state = useViewState();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [value, setValue] = useState('');
  const shared = state.siteId.startsWith('shr_');
  const known = useApi<TraitsResponse>(open ? traitsUrl(state.siteId) : null);
  const names = known.data?.traits ?? [];
  const chosen = names.find((n) => n.name === name) ?? (name ? undefined : names[0]);
  const traitName = name || chosen?.name || '';
  const active = state.filters.traits ?? [];
  const full = active.length >= MAX_TRAITS && !active.some((a) => a.key === traitName);
  const go = (changes: Record<string, string | undefined>) =>
    navigate(appHref(route, changeQuery(state.query, changes)));

  const add = (e: Event) => {
    e.preventDefault();
    if (!traitName || !value || full) return;
    go({ [traitParam(traitName)]: value });
    setValue('');
    setOpen(false);
  };

  return (
    <details
      class="audience"
      open={open}
      onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && open) {
          setOpen(false);
          ((e.currentTarget as HTMLElement).querySelector('summary') as HTMLElement | null)?.focus();
        }
      }}
    >
      <summary class="button small">{t('audience.button')}</summary>
      <div class="audience-panel">
        <form class="audience-trait" onSubmit={add}>
          {names.length > 0 ? (
            <label class="field-stack">
              <span>{t('audience.trait')}</span>
              <select
                class="audience-name"
                value={traitName}
                onChange={(e) => {
                  setName(e.currentTarget.value);
                  setValue('');
                }}
              >
                {names.map((n) => (
                  <option key={n.name} value={n.name}>
                    {n.name}
                  </option>
                ))}
              </select>
            </label>
          ) : (
            <label class="field-stack">
              <span>{t('audience.trait')}</span>
              <input
                value={name}
                maxLength={MAX_TRAIT_KEY_LENGTH}
                required
                placeholder={t('audience.traitPlaceholder')}
                onInput={(e) => setName(e.currentTarget.value.trim())}
              />
            </label>
          )}
          <label class="field-stack">
            <span>{t('audience.value')}</span>
            <input
              value={value}
              list="audience-values"
              maxLength={MAX_TRAIT_VALUE_LENGTH}
              required
              onInput={(e) => setValue(e.currentTarget.value)}
            />
            <datalist id="audience-values">
              {(chosen?.values ?? []).map((v) => (
                <option
                  key={v.value}
                  value={v.value}
                  label={tn('audience.valueSessions', v.sessions, { count: formatCount(v.sessions) })}
                />
              ))}
            </datalist>
          </label>
          <button class="button small primary" type="submit" disabled={full}>
            {t('audience.add')}
          </button>
        </form>
        {full && <p class="hint">{t('audience.full', { max: MAX_TRAITS })}</p>}
        {open && !shared && known.data && names.length === 0 && <p class="hint">{t('audience.noTraits')}</p>}
        {chosen && chosen.values.length > 0 && (
          <ul class="audience-values" aria-label={t('audience.common', { name: chosen.name })}>
            {chosen.values.slice(0, 8).map((v) => (
              <li key={v.value}>
                <button
                  type="button"
                  class="link-button"
                  onClick={() => {
                    go({ [traitParam(chosen.name)]: v.value });
                    setOpen(false);
                  }}
                >
                  {v.value}
                </button>{' '}
                <span class="muted">{formatCount(v.sessions)}</span>
              </li>
            ))}
          </ul>
        )}
        <label class="field-stack">
          <span>{t('audience.visitors')}</span>
          <select
            value={state.filters.returning ?? ''}
            onChange={(e) => go({ returning: e.currentTarget.value || undefined })}
          >
            <option value="">{t('audience.everyone')}</option>
            {RETURNING.map((r) => (
              <option key={r} value={r}>
                {t(`audience.returning.${r}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
    </details>
  );
}
