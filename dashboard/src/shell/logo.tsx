import { t } from '../i18n/catalogue.js';

export function Logo() {
  return (
    <span class="logo">
      <svg viewBox="0 0 32 32" width="22" height="22" aria-hidden="true" focusable="false">
        <circle cx="13" cy="13" r="9" fill="none" stroke="currentColor" stroke-width="4" />
        <path d="M20 20l8 8" stroke="currentColor" stroke-width="4" stroke-linecap="round" />
      </svg>
      <span>{t('app.name')}</span>
    </span>
  );
}
