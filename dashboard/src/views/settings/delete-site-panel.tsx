import type { Site } from '@loupe/shared';
import { useState } from 'preact/hooks';
import { deleteSite } from '../../api/studio-api.js';
import { st } from '../../i18n/studio-catalogue.js';
import { appHref, navigate } from '../../router/location.js';
import { Dialog } from '../../ui/dialog.js';
import { describedBy, Field, fieldErrors } from '../../ui/field.js';
import { Panel } from '../../ui/panel.js';

/** Deleting the site with all its data, once its name has been typed again. */
export function DeleteSitePanel({ site }: { site: Site }) {
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const confirm = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    try {
      await deleteSite(site.siteId, typed);
      navigate(appHref('', {}), { replace: true });
    } catch (err) {
      setError(Object.values(fieldErrors(err))[0]);
      setBusy(false);
    }
  };
  return (
    <Panel title={st('delete.title')} id="delete" class="danger-zone">
      <p>{st('delete.body')}</p>
      <button type="button" class="button danger" onClick={() => setOpen(true)}>
        {st('delete.open', { name: site.name })}
      </button>
      {open && (
        <Dialog title={st('delete.confirmTitle')} onClose={() => setOpen(false)}>
          <form class="form" onSubmit={confirm} noValidate>
            <p>{st('delete.confirmBody')}</p>
            <p>
              <strong class="typed-name">{site.name}</strong>
            </p>
            <Field id="delete-name" label={st('delete.typeName')} error={error}>
              <input
                {...describedBy('delete-name', { error })}
                value={typed}
                autoComplete="off"
                onInput={(e) => setTyped(e.currentTarget.value)}
              />
            </Field>
            <div class="form-actions">
              <button type="button" class="button" onClick={() => setOpen(false)}>
                {st('common.cancel')}
              </button>
              <button type="submit" class="button danger" disabled={busy || typed.trim() !== site.name}>
                {busy ? st('delete.deleting') : st('delete.confirm')}
              </button>
            </div>
          </form>
        </Dialog>
      )}
    </Panel>
  );
}
