import { useState } from 'preact/hooks';
import { resetPassword, type UserListing } from '../../api/studio-api.js';
import { st } from '../../i18n/studio-catalogue.js';
import { Dialog } from '../../ui/dialog.js';
import { describedBy, Field, fieldErrors } from '../../ui/field.js';

/** A new password for someone; their sessions end, so they log in again with it. */
export function ResetPasswordDialog({ user, onClose }: { user: UserListing; onClose: () => void }) {
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string>();
  const [done, setDone] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    try {
      await resetPassword(user.userId, password);
      setDone(true);
    } catch (err) {
      setError(Object.values(fieldErrors(err))[0]);
    }
  };
  return (
    <Dialog title={st('users.resetTitle', { email: user.email })} onClose={onClose}>
      {done ? (
        <>
          <p role="status">{st('users.resetDone')}</p>
          <div class="form-actions">
            <button type="button" class="button primary" onClick={onClose}>
              {st('common.done')}
            </button>
          </div>
        </>
      ) : (
        <form class="form" onSubmit={submit} noValidate>
          <p>{st('users.resetBody')}</p>
          <Field id="reset-password" label={st('users.newPassword')} error={error}>
            <input
              {...describedBy('reset-password', { error })}
              type="password"
              autoComplete="new-password"
              value={password}
              onInput={(e) => setPassword(e.currentTarget.value)}
            />
          </Field>
          <div class="form-actions">
            <button type="button" class="button" onClick={onClose}>
              {st('common.cancel')}
            </button>
            <button type="submit" class="button primary">
              {st('users.reset')}
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
