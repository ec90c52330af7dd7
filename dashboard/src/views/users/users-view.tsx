import { useState } from 'preact/hooks';
import { removeUser, USERS_URL, type UserList, type UserListing } from '../../api/studio-api.js';
import { useApi } from '../../api/use-api.js';
import { useSession } from '../../auth/session-context.js';
import { st } from '../../i18n/studio-catalogue.js';
import { fieldErrors, FormError } from '../../ui/field.js';
import { Panel } from '../../ui/panel.js';
import { ApiErrorState, EmptyState, LoadingState } from '../../ui/states.js';
import { TableHead } from '../../ui/table-head.js';
import { InviteForm } from './invite-form.js';
import { ResetPasswordDialog } from './reset-password-dialog.js';

/** The people of this Loupe, for owners: invite (an account), remove, reset a password. */
export function View() {
  const session = useSession();
  const [version, setVersion] = useState(0);
  const users = useApi<UserList>(session.canChange ? USERS_URL : null, version);
  const [resetting, setResetting] = useState<UserListing>();
  const [error, setError] = useState<string>();
  if (!session.canChange) {
    return (
      <EmptyState title={st('settings.ownersOnly.title')}>
        <p>{st('users.ownersOnly')}</p>
      </EmptyState>
    );
  }
  const siteName = (id: string) => session.sites.find((s) => s.siteId === id)?.name ?? id;
  const remove = async (u: UserListing) => {
    try {
      await removeUser(u.userId);
      setError(undefined);
    } catch (err) {
      setError(Object.values(fieldErrors(err))[0]);
    }
    setVersion((v) => v + 1);
  };
  return (
    <div class="studio">
      <h1>{st('users.title')}</h1>
      <Panel title={st('users.list')} id="users">
        {users.error ? (
          <ApiErrorState error={users.error} retry={() => setVersion((v) => v + 1)} />
        ) : !users.data ? (
          <LoadingState rows={2} />
        ) : (
          <table class="data-table">
            <TableHead columns={[st('users.email'), st('users.role'), st('users.sites')]} actions />
            <tbody>
              {users.data.users.map((u) => (
                <tr key={u.userId} data-user={u.email}>
                  <th scope="row">
                    {u.email}
                    {u.userId === session.user.userId && <span class="badge">{st('users.you')}</span>}
                  </th>
                  <td>{u.role === 'owner' ? st('users.owner') : st('users.viewer')}</td>
                  <td>
                    {u.role === 'owner'
                      ? st('users.allSites')
                      : u.sites.map(siteName).join(', ') || st('users.noSites')}
                  </td>
                  <td class="num row-actions">
                    <button
                      type="button"
                      class="button small"
                      onClick={() => setResetting(u)}
                      aria-label={st('users.resetNamed', { email: u.email })}
                    >
                      {st('users.reset')}
                    </button>
                    {u.userId !== session.user.userId && (
                      <button
                        type="button"
                        class="button small danger"
                        onClick={() => void remove(u)}
                        aria-label={st('users.removeNamed', { email: u.email })}
                      >
                        {st('common.remove')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <FormError error={error} />
      </Panel>
      <InviteForm sites={session.sites} onCreated={() => setVersion((v) => v + 1)} />
      {resetting && <ResetPasswordDialog user={resetting} onClose={() => setResetting(undefined)} />}
    </div>
  );
}
