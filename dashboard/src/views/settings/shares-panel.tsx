import { SHARE_PATH } from '@loupe/shared/constants';
import type { Site } from '@loupe/shared';
import { useState } from 'preact/hooks';
import { createShare, revokeShare, sharesUrl, type Share } from '../../api/studio-api.js';
import { useApi } from '../../api/use-api.js';
import { st } from '../../i18n/studio-catalogue.js';
import { CopyButton } from '../../ui/copy-button.js';
import { Dialog } from '../../ui/dialog.js';
import { describedBy, Field, fieldErrors, FormError } from '../../ui/field.js';
import { Panel } from '../../ui/panel.js';
import { ApiErrorState, LoadingState } from '../../ui/states.js';
import { TableHead } from '../../ui/table-head.js';
import { ago } from './last-event.js';

/** Read-only links to the site's overview and scores: create (the link shown once), list, revoke. */
export function SharesPanel({ site }: { site: Site }) {
  const [version, setVersion] = useState(0);
  const list = useApi<{ shares: Share[] }>(sharesUrl(site.siteId), version);
  const [label, setLabel] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [link, setLink] = useState<string>();
  const create = async (e: Event) => {
    e.preventDefault();
    try {
      const made = await createShare(site.siteId, { label, ...(password ? { password } : {}) });
      setLink(`${location.origin}${SHARE_PATH}${made.shareId}#key=${made.key}`);
      setLabel('');
      setPassword('');
      setErrors({});
      setVersion((v) => v + 1);
    } catch (err) {
      setErrors(fieldErrors(err));
    }
  };
  const revoke = async (share: Share) => {
    await revokeShare(site.siteId, share.shareId).catch((err: unknown) => setErrors(fieldErrors(err)));
    setVersion((v) => v + 1);
  };
  return (
    <Panel title={st('shares.title')} id="shares">
      <p class="muted">{st('shares.body')}</p>
      {list.error ? (
        <ApiErrorState error={list.error} retry={() => setVersion((v) => v + 1)} />
      ) : !list.data ? (
        <LoadingState rows={1} />
      ) : list.data.shares.length === 0 ? (
        <p class="muted">{st('shares.none')}</p>
      ) : (
        <table class="data-table">
          <TableHead columns={[st('shares.label'), st('shares.password'), st('shares.lastOpened')]} actions />
          <tbody>
            {list.data.shares.map((s) => (
              <tr key={s.shareId} data-share={s.shareId}>
                <th scope="row">{s.label}</th>
                <td>{s.hasPassword ? st('common.yes') : st('common.no')}</td>
                <td>{s.lastUsedAt ? ago(s.lastUsedAt) : st('shares.neverOpened')}</td>
                <td class="num">
                  <button
                    type="button"
                    class="button small danger"
                    onClick={() => void revoke(s)}
                    aria-label={st('shares.revokeNamed', { label: s.label })}
                  >
                    {st('shares.revoke')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form class="inline-form" onSubmit={create} noValidate>
        <Field id="share-label" label={st('shares.label')} hint={st('shares.label.hint')} error={errors.label}>
          <input
            {...describedBy('share-label', { hint: true, error: errors.label })}
            value={label}
            maxLength={100}
            onInput={(e) => setLabel(e.currentTarget.value)}
          />
        </Field>
        <Field id="share-password" label={st('shares.passwordOptional')} error={errors.password}>
          <input
            {...describedBy('share-password', { error: errors.password })}
            type="password"
            autoComplete="new-password"
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
        </Field>
        <button class="button" type="submit">
          {st('shares.create')}
        </button>
      </form>
      <FormError error={errors['']} />
      {link && (
        <Dialog title={st('shares.created')} onClose={() => setLink(undefined)}>
          <p>{st('shares.once')}</p>
          <div class="snippet-row">
            <pre class="snippet">
              <code data-testid="share-link">{link}</code>
            </pre>
            <CopyButton text={link} />
          </div>
          <div class="form-actions">
            <button type="button" class="button primary" onClick={() => setLink(undefined)}>
              {st('common.done')}
            </button>
          </div>
        </Dialog>
      )}
    </Panel>
  );
}
