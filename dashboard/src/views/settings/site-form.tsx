import type { Site } from '@loupe/shared';
import { useState } from 'preact/hooks';
import { updateSite } from '../../api/studio-api.js';
import { st } from '../../i18n/studio-catalogue.js';
import { describedBy, Field, fieldErrors, FormError, SubmitRow } from '../../ui/field.js';
import { Panel } from '../../ui/panel.js';
import { TimeZoneInput } from './time-zone-input.js';

/** Name and time zone of the site; the API's message for a field shows at that field. */
export function SiteForm({ site }: { site: Site }) {
  const [name, setName] = useState(site.name);
  const [timeZone, setTimeZone] = useState(site.timeZone);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setSaved(false);
    try {
      await updateSite(site.siteId, { name, timeZone });
      setErrors({});
      setSaved(true);
    } catch (err) {
      setErrors(fieldErrors(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Panel title={st('settings.site')} id="site">
      <form class="form" onSubmit={submit} noValidate>
        <Field id="site-name" label={st('settings.name')} error={errors.name}>
          <input
            {...describedBy('site-name', { error: errors.name })}
            value={name}
            maxLength={200}
            onInput={(e) => setName(e.currentTarget.value)}
          />
        </Field>
        <Field id="site-tz" label={st('settings.timeZone')} hint={st('settings.timeZone.hint')} error={errors.timeZone}>
          <TimeZoneInput
            {...describedBy('site-tz', { hint: true, error: errors.timeZone })}
            value={timeZone}
            onInput={setTimeZone}
          />
        </Field>
        <FormError error={errors['']} />
        <SubmitRow label={st('common.save')} busy={busy} status={saved && st('common.saved')} />
      </form>
    </Panel>
  );
}
