import type { ErasureResult, Site } from '@loupe/shared';
import { useState } from 'preact/hooks';
import { eraseVisitor } from '../../api/studio-api.js';
import { formatCount } from '../../i18n/format.js';
import { st } from '../../i18n/studio-catalogue.js';
import { Dialog } from '../../ui/dialog.js';
import { describedBy, Field, fieldErrors, FormError } from '../../ui/field.js';
import { Panel } from '../../ui/panel.js';
import { TableHead } from '../../ui/table-head.js';

/**
 * A visitor's erasure, once confirmed: the id is typed (or pasted from the answer it came with),
 * a dialog says what goes, and the result lists the rows deleted per table. `onErased` lets the
 * audit log below show the new entry.
 */
export function EraseVisitorPanel({ site, onErased }: { site: Site; onErased: () => void }) {
  const [visitorId, setVisitorId] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [result, setResult] = useState<ErasureResult>();
  const id = visitorId.trim();
  const open = (e: Event) => {
    e.preventDefault();
    setResult(undefined);
    if (!id) return setErrors({ visitorId: st('erase.id.missing') });
    setErrors({});
    setConfirming(true);
  };
  const erase = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    try {
      setResult(await eraseVisitor(site.siteId, id));
      setVisitorId('');
      onErased();
    } catch (err) {
      // The id is a path parameter: its message belongs to the field.
      const found = fieldErrors(err);
      setErrors({ visitorId: found['params.visitorId'] ?? '', '': found[''] ?? '' });
    }
    setBusy(false);
    setConfirming(false);
  };
  return (
    <Panel title={st('erase.title')} id="erase">
      <p class="muted">{st('erase.body')}</p>
      <form class="inline-form" onSubmit={open} noValidate>
        <Field
          id="erase-visitor"
          label={st('erase.id')}
          hint={st('erase.id.hint')}
          error={errors.visitorId || undefined}
        >
          <input
            {...describedBy('erase-visitor', { hint: true, error: errors.visitorId || undefined })}
            value={visitorId}
            maxLength={64}
            autoComplete="off"
            spellcheck={false}
            onInput={(e) => setVisitorId(e.currentTarget.value)}
          />
        </Field>
        <button class="button danger" type="submit">
          {st('erase.open')}
        </button>
      </form>
      <FormError error={errors[''] || undefined} />
      {result && (
        <div class="erase-result" data-testid="erase-result">
          <p role="status">
            {result.totalRows === 0 ? st('erase.nothing') : st('erase.done', { count: formatCount(result.totalRows) })}
          </p>
          {result.totalRows > 0 && (
            <table class="data-table">
              <TableHead columns={[st('erase.table'), { label: st('erase.rows'), num: true }]} />
              <tbody>
                {Object.entries(result.rows)
                  .filter(([, n]) => n > 0)
                  .map(([table, n]) => (
                    <tr key={table}>
                      <th scope="row">
                        <code>{table}</code>
                      </th>
                      <td class="num">{formatCount(n)}</td>
                    </tr>
                  ))}
              </tbody>
            </table>
          )}
        </div>
      )}
      {confirming && (
        <Dialog title={st('erase.confirmTitle')} onClose={() => setConfirming(false)}>
          <form class="form" onSubmit={erase} noValidate>
            <p>{st('erase.confirmBody', { id })}</p>
            <div class="form-actions">
              <button type="button" class="button" onClick={() => setConfirming(false)}>
                {st('common.cancel')}
              </button>
              <button type="submit" class="button danger" disabled={busy}>
                {busy ? st('erase.erasing') : st('erase.confirm')}
              </button>
            </div>
          </form>
        </Dialog>
      )}
    </Panel>
  );
}
