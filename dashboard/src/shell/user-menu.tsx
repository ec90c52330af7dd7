import { useEffect, useRef } from 'preact/hooks';
import type { Me } from '../auth/session-types.js';
import { t } from '../i18n/catalogue.js';
import { THEMES, useTheme } from './theme.js';

/** Account and theme in one disclosure (a native <details>: keyboard and screen readers for free). */
export function UserMenu({ me, onLogout }: { me: Me; onLogout: () => void }) {
  const [theme, setTheme] = useTheme();
  const ref = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    // Close on a click elsewhere or Escape, as menus do.
    const close = (e: Event) => {
      const el = ref.current;
      if (!el?.open) return;
      if (e instanceof KeyboardEvent ? e.key === 'Escape' : !el.contains(e.target as Node)) {
        el.open = false;
        if (e instanceof KeyboardEvent) el.querySelector('summary')?.focus();
      }
    };
    document.addEventListener('click', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('click', close);
      document.removeEventListener('keydown', close);
    };
  }, []);
  const initial = me.user.email.slice(0, 1).toUpperCase();
  return (
    <details class="menu" ref={ref}>
      <summary aria-label={t('user.menu')}>
        <span class="avatar" aria-hidden="true">
          {initial}
        </span>
      </summary>
      <div class="menu-panel">
        <p class="menu-who">
          {t('user.signedInAs', { email: me.user.email })}
          <br />
          <span class="muted">{t(me.user.role === 'owner' ? 'user.role.owner' : 'user.role.viewer')}</span>
        </p>
        <fieldset class="segmented">
          <legend>{t('theme.label')}</legend>
          {THEMES.map((th) => (
            <label key={th}>
              <input type="radio" name="theme" value={th} checked={theme === th} onChange={() => setTheme(th)} />
              <span>{t(`theme.${th}`)}</span>
            </label>
          ))}
        </fieldset>
        <button type="button" class="button" onClick={onLogout}>
          {t('user.logout')}
        </button>
      </div>
    </details>
  );
}
