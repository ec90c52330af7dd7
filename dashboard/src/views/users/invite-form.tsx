import type { Site } from '@loupe/shared';
import { useState } from 'preact/hooks';
import { createUser } from '../../api/studio-api.js';
import { st } from '../../i18n/studio-catalogue.js';
import { describedBy, Field, fieldErrors, FormError, SubmitRow } from '../../ui/field.js';
import { Panel } from '../../ui/panel.js';

/** An invitation is an account: email, role, the sites a viewer reads, and a first password. */
export function InviteForm({ sites, onCreated }: { sites: Site[]; onCreated: () => void }) {
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<'owner' | 'viewer'>('viewer');
  const [siteIds, setSiteIds] = useState<string[]>([]);
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [done, setDone] = useState<string>();
  const submit = async (e: Event) => {
    e.preventDefault();
    try {
      const made = await createUser({ email, role, password, siteIds: role === 'viewer' ? siteIds : [] });
      setDone(st('users.invited', { email: made.email }));
      setErrors({});
      setEmail('');
      setPassword('');
      setSiteIds([]);
      onCreated();
    } catch (err) {
      setDone(undefined);
      setErrors(fieldErrors(err));
    }
  };
  const toggle = (id: string, on: boolean) => setSiteIds((ids) => (on ? [...ids, id] : ids.filter((x) => x !== id)));
  const sitesError = Object.entries(errors).find(([k]) => k.startsWith('siteIds'))?.[1];
  return (
    <Panel title={st('users.invite')} id="invite">
      <form class="form" onSubmit={submit} noValidate>
        <Field id="invite-email" label={st('users.email')} error={errors.email}>
          <input
            {...describedBy('invite-email', { error: errors.email })}
            type="email"
            autoComplete="off"
            value={email}
            onInput={(e) => setEmail(e.currentTarget.value)}
          />
        </Field>
        <fieldset class="segmented">
          <legend>{st('users.role')}</legend>
          {(['viewer', 'owner'] as const).map((r) => (
            <label key={r}>
              <input type="radio" name="invite-role" value={r} checked={role === r} onChange={() => setRole(r)} />
              <span>{r === 'owner' ? st('users.owner') : st('users.viewer')}</span>
            </label>
          ))}
        </fieldset>
        <p class="field-hint">{role === 'owner' ? st('users.owner.hint') : st('users.viewer.hint')}</p>
        {role === 'viewer' && (
          <fieldset class="checks" aria-describedby={sitesError ? 'invite-sites-error' : undefined}>
            <legend>{st('users.sites')}</legend>
            {sites.map((s) => (
              <label key={s.siteId}>
                <input
                  type="checkbox"
                  checked={siteIds.includes(s.siteId)}
                  onChange={(e) => toggle(s.siteId, e.currentTarget.checked)}
                />{' '}
                {s.name}
              </label>
            ))}
            {sitesError && (
              <p class="field-error" id="invite-sites-error" role="alert">
                {sitesError}
              </p>
            )}
          </fieldset>
        )}
        <Field
          id="invite-password"
          label={st('users.firstPassword')}
          hint={st('users.firstPassword.hint')}
          error={errors.password}
        >
          <input
            {...describedBy('invite-password', { hint: true, error: errors.password })}
            type="password"
            autoComplete="new-password"
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
        </Field>
        <FormError error={errors['']} />
        <SubmitRow label={st('users.create')} status={done} />
      </form>
    </Panel>
  );
}
