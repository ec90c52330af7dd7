import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../api/api-error.js';
import { t } from '../i18n/catalogue.js';
import { errorMessage } from '../ui/states.js';
import { AuthFrame } from './auth-frame.js';
import { login, setupNeeded } from './session-api.js';

const USER_COMMAND = 'npm run -s user -- create --email you@example.com --password-stdin';

export function LoginPage({ expired, onLoggedIn }: { expired: boolean; onLoggedIn: () => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(expired ? t('login.expired') : undefined);
  const [noUsers, setNoUsers] = useState(false);
  const email = useRef<HTMLInputElement>(null);

  useEffect(() => {
    email.current?.focus();
    setupNeeded().then(
      (s) => setNoUsers(s.needed),
      () => undefined,
    );
  }, []);

  const submit = async (e: Event) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    setBusy(true);
    setError(undefined);
    try {
      await login(String(form.get('email')), String(form.get('password')));
      onLoggedIn();
    } catch (err) {
      const status = err instanceof ApiError ? err.status : 0;
      setError(
        status === 401 || status === 400
          ? t('login.invalid')
          : status === 429
            ? t('login.throttled', { seconds: (err as ApiError).retryAfter ?? 60 })
            : errorMessage(err),
      );
      setBusy(false);
    }
  };

  return (
    <AuthFrame title={t('login.title')}>
      {noUsers && <p class="notice">{t('login.setupNeeded', { command: USER_COMMAND })}</p>}
      <form
        class="auth-form"
        onSubmit={submit}
        method="post"
        action="#"
        aria-describedby={error ? 'login-error' : undefined}
      >
        <label for="login-email">{t('login.email')}</label>
        <input
          ref={email}
          id="login-email"
          name="email"
          type="email"
          autocomplete="username"
          required
          maxLength={254}
        />
        <label for="login-password">{t('login.password')}</label>
        <input
          id="login-password"
          name="password"
          type="password"
          autocomplete="current-password"
          required
          maxLength={1024}
        />
        {error && (
          <p id="login-error" class="form-error" role="alert">
            {error}
          </p>
        )}
        <button class="button primary" type="submit" disabled={busy}>
          {busy ? t('login.submitting') : t('login.submit')}
        </button>
      </form>
    </AuthFrame>
  );
}
