import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import { t } from '../i18n/catalogue.js';
import { Logo } from '../shell/logo.js';

/** The centred card of the login and setup pages. */
export function AuthFrame({ title, children }: { title: string; children: ComponentChildren }) {
  useEffect(() => {
    document.title = `${title} · ${t('app.name')}`;
  }, [title]);
  return (
    <main class="standalone auth">
      <div class="auth-card">
        <Logo />
        <h1>{title}</h1>
        {children}
      </div>
    </main>
  );
}
