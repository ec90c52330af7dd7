import type { SiteWithSecret } from '@loupe/shared';
import { useState } from 'preact/hooks';
import { createSite } from '../../api/studio-api.js';
import { st } from '../../i18n/studio-catalogue.js';
import { appHref, navigate } from '../../router/location.js';
import { CopyButton } from '../../ui/copy-button.js';
import { describedBy, Field, fieldErrors, FormError } from '../../ui/field.js';
import { Panel } from '../../ui/panel.js';
import { originProblem } from './origin-check.js';
import { TimeZoneInput } from './time-zone-input.js';

const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

/** A new site: name, first origin, zone; then its secret key, shown this once. */
export function View() {
  const [name, setName] = useState('');
  const [origin, setOrigin] = useState('');
  const [timeZone, setTimeZone] = useState(browserZone);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [made, setMade] = useState<SiteWithSecret>();
  const submit = async (e: Event) => {
    e.preventDefault();
    const o = origin.trim().replace(/\/$/, '');
    const problem = o ? originProblem(o) : undefined;
    if (problem) return setErrors({ 'origins.0': st(`origins.error.${problem}` as 'origins.error.path') });
    try {
      setMade(await createSite({ name, timeZone, origins: o ? [o] : [] }));
    } catch (err) {
      setErrors(fieldErrors(err));
    }
  };
  if (made) {
    return (
      <div class="studio">
        <Panel title={st('sites.created', { name: made.name })}>
          <p>{st('keys.secret.once')}</p>
          <div class="snippet-row">
            <pre class="snippet">
              <code data-testid="new-secret">{made.secretKey}</code>
            </pre>
            <CopyButton text={made.secretKey} />
          </div>
          <button
            type="button"
            class="button primary"
            onClick={() => navigate(appHref('settings', { site: made.siteId }))}
          >
            {st('sites.continue')}
          </button>
        </Panel>
      </div>
    );
  }
  const originError = errors['origins.0'] ?? errors.origins;
  return (
    <div class="studio">
      <h1>{st('sites.add')}</h1>
      <Panel title={st('sites.new')}>
        <form class="form" onSubmit={submit} noValidate>
          <Field id="new-site-name" label={st('settings.name')} error={errors.name}>
            <input
              {...describedBy('new-site-name', { error: errors.name })}
              value={name}
              maxLength={200}
              onInput={(e) => setName(e.currentTarget.value)}
            />
          </Field>
          <Field id="new-site-origin" label={st('origins.add')} hint={st('origins.hint')} error={originError}>
            <input
              {...describedBy('new-site-origin', { hint: true, error: originError })}
              type="url"
              placeholder="https://shop.example"
              value={origin}
              onInput={(e) => setOrigin(e.currentTarget.value)}
            />
          </Field>
          <Field
            id="new-site-tz"
            label={st('settings.timeZone')}
            hint={st('settings.timeZone.hint')}
            error={errors.timeZone}
          >
            <TimeZoneInput
              {...describedBy('new-site-tz', { hint: true, error: errors.timeZone })}
              value={timeZone}
              onInput={setTimeZone}
            />
          </Field>
          <FormError error={errors['']} />
          <button class="button primary" type="submit">
            {st('sites.create')}
          </button>
        </form>
      </Panel>
    </div>
  );
}
