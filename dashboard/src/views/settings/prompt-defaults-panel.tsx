import type { Site } from '@loupe/shared';
import { useEffect, useState } from 'preact/hooks';
import { api, withQuery } from '../../api/api-client.js';
import { forgetCachedAnswers } from '../../api/use-api.js';
import { st } from '../../i18n/studio-catalogue.js';
import { fieldErrors, FormError, SubmitRow } from '../../ui/field.js';
import { Panel } from '../../ui/panel.js';
import { LoadingState } from '../../ui/states.js';
import { AppearanceFields } from '../prompt-editor/appearance-section.js';
import { NumberInput } from '../prompt-editor/form-bits.js';
import { appearanceBody, appearanceOf, type DraftAppearance } from '../prompt-editor/prompt-draft.js';

type Settings = { globalCooldownDays: number; appearance?: Record<string, unknown> };

/**
 * The site's prompt settings: the cooldown between any two prompts and, where the server keeps one,
 * the site's appearance, which each prompt's own overrides member by member.
 */
export function PromptDefaultsPanel({ site }: { site: Site }) {
  const url = withQuery('/v1/prompt-settings', { site: site.siteId });
  const [loaded, setLoaded] = useState<Settings>();
  const [cooldown, setCooldown] = useState('');
  const [look, setLook] = useState<DraftAppearance>(appearanceOf({}));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    api<Settings>(url).then(
      (s) => {
        setLoaded(s);
        setCooldown(String(s.globalCooldownDays));
        setLook(appearanceOf(s.appearance ?? {}));
      },
      (err: unknown) => setErrors(fieldErrors(err)),
    );
  }, [url]);
  const submit = async (e: Event) => {
    e.preventDefault();
    const n = Number(cooldown);
    try {
      await api(url, {
        method: 'PUT',
        body: {
          globalCooldownDays: cooldown.trim() !== '' && Number.isFinite(n) ? n : cooldown,
          // Sent only to a server that keeps a site-wide appearance (it answered with one).
          ...(loaded?.appearance !== undefined ? { appearance: appearanceBody(look) } : {}),
        },
      });
      forgetCachedAnswers();
      setErrors({});
      setSaved(true);
    } catch (err) {
      setSaved(false);
      setErrors(fieldErrors(err));
    }
  };
  return (
    <Panel title={st('promptDefaults.title')} id="prompt-defaults">
      {!loaded && !errors[''] ? (
        <LoadingState rows={1} />
      ) : (
        <form class="form" onSubmit={submit} noValidate>
          <NumberInput
            path="globalCooldownDays"
            label={st('promptDefaults.cooldown')}
            hint={st('promptDefaults.cooldown.hint')}
            errors={errors}
            value={cooldown}
            onInput={(v) => {
              setSaved(false);
              setCooldown(v);
            }}
          />
          {loaded?.appearance !== undefined && (
            <AppearanceFields
              value={look}
              onChange={(patch) => {
                setSaved(false);
                setLook((l) => ({ ...l, ...patch }));
              }}
              errors={errors}
              inheritLabel={st('appearance.builtIn')}
            />
          )}
          <FormError error={errors['']} />
          <SubmitRow label={st('common.save')} status={saved && st('common.saved')} />
        </form>
      )}
    </Panel>
  );
}
