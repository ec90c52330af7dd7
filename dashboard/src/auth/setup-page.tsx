import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../api/api-error.js';
import { t } from '../i18n/catalogue.js';
import { Link } from '../router/link.js';
import { errorMessage } from '../ui/states.js';
import { AuthFrame } from './auth-frame.js';
import { completeSetup, setupNeeded } from './session-api.js';

/** The server's rule for a new password (it answers 400 with the reason otherwise). */
const PASSWORD_MIN_LENGTH = 10;

/** The one-time token travels in the fragment (#token=…), which browsers never send to a server. */
function tokenFromHash(): string | undefined {
  const params = new URLSearchParams(location.hash.slice(1));
  return params.get('token') ?? undefined;
}

export function SetupPage({ onDone }: { onDone: () => void }) {
  const [token] = useState(tokenFromHash);
  const [needed, setNeeded] = useState<boolean | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});

  useEffect(() => {
    setupNeeded().then(
      (s) => setNeeded(s.needed),
      () => setNeeded(true),
    );
  }, []);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (!token) return;
    const form = new FormData(e.currentTarget as HTMLFormElement);
    setBusy(true);
    setError(undefined);
    setFieldErrors({});
    try {
      await completeSetup(token, String(form.get('email')), String(form.get('password')));
      // The token is spent: keep it out of the history entry.
      history.replaceState(null, '', location.pathname);
      onDone();
    } catch (err) {
      if (err instanceof ApiError && err.status === 400 && err.fields.length) {
        setFieldErrors(Object.fromEntries(err.fields.map((f) => [f.path.replace(/^\/?(body\.)?/, ''), f.message])));
      } else if (err instanceof ApiError && (err.status === 401 || err.status === 403 || err.status === 404)) {
        setError(t('setup.invalidToken'));
      } else if (err instanceof ApiError && err.status === 409) {
        setError(t('setup.done'));
      } else setError(errorMessage(err));
      setBusy(false);
    }
  };

  return (
    <AuthFrame title={t('setup.title')}>
      {needed === false ? (
        <p class="notice">
          {t('setup.done')} <Link href="/app/login">{t('login.submit')}</Link>
        </p>
      ) : !token ? (
        <p class="form-error" role="alert">
          {t('setup.noToken')}
        </p>
      ) : (
        <form class="auth-form" onSubmit={submit}>
          <p>{t('setup.intro')}</p>
          <label for="setup-email">{t('setup.email')}</label>
          <input
            id="setup-email"
            name="email"
            type="email"
            autocomplete="username"
            required
            maxLength={254}
            aria-invalid={fieldErrors.email ? true : undefined}
            aria-describedby={fieldErrors.email ? 'setup-email-error' : undefined}
          />
          {fieldErrors.email && (
            <p id="setup-email-error" class="field-error">
              {fieldErrors.email}
            </p>
          )}
          <label for="setup-password">{t('setup.password')}</label>
          <input
            id="setup-password"
            name="password"
            type="password"
            autocomplete="new-password"
            required
            minLength={PASSWORD_MIN_LENGTH}
            maxLength={256}
            aria-invalid={fieldErrors.password ? true : undefined}
            aria-describedby="setup-password-hint"
          />
          <p id="setup-password-hint" class={fieldErrors.password ? 'field-error' : 'hint'}>
            {fieldErrors.password ?? t('setup.passwordHint', { n: PASSWORD_MIN_LENGTH })}
          </p>
          {error && (
            <p class="form-error" role="alert">
              {error}
            </p>
          )}
          <button class="button primary" type="submit" disabled={busy}>
            {t('setup.submit')}
          </button>
        </form>
      )}
    </AuthFrame>
  );
}
