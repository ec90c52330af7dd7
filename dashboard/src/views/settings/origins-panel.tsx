import type { Site } from '@loupe/shared';
import { useState } from 'preact/hooks';
import { updateSite } from '../../api/studio-api.js';
import { st } from '../../i18n/studio-catalogue.js';
import { describedBy, Field, fieldErrors } from '../../ui/field.js';
import { Panel } from '../../ui/panel.js';
import { originProblem } from './origin-check.js';

/** The origins whose pages may send events: added and removed one at a time, each saved at once. */
export function OriginsPanel({ site }: { site: Site }) {
  const [origins, setOrigins] = useState(site.origins);
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string>();
  const save = async (next: string[]) => {
    try {
      const saved = await updateSite(site.siteId, { origins: next });
      setOrigins(saved.origins);
      setError(undefined);
      return true;
    } catch (err) {
      const errors = fieldErrors(err);
      setError(Object.values(errors)[0]);
      return false;
    }
  };
  const add = async (e: Event) => {
    e.preventDefault();
    const value = draft.trim().replace(/\/$/, '');
    const problem = originProblem(value);
    if (problem) return setError(st(`origins.error.${problem}` as 'origins.error.path'));
    if (origins.includes(value)) return setError(st('origins.error.duplicate'));
    if (await save([...origins, value])) setDraft('');
  };
  return (
    <Panel title={st('origins.title')} id="origins">
      <p class="muted">{st('origins.body')}</p>
      {origins.length === 0 ? (
        <p class="warning-note">{st('origins.none')}</p>
      ) : (
        <ul class="plain-list">
          {origins.map((o) => (
            <li key={o}>
              <code>{o}</code>
              <button
                type="button"
                class="link-button"
                onClick={() => void save(origins.filter((x) => x !== o))}
                aria-label={st('origins.remove', { origin: o })}
              >
                {st('common.remove')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form class="inline-form" onSubmit={add} noValidate>
        <Field id="origin-new" label={st('origins.add')} hint={st('origins.hint')} error={error}>
          <input
            {...describedBy('origin-new', { hint: true, error })}
            type="url"
            inputMode="url"
            placeholder="https://shop.example"
            value={draft}
            onInput={(e) => setDraft(e.currentTarget.value)}
          />
        </Field>
        <button class="button" type="submit">
          {st('origins.addButton')}
        </button>
      </form>
    </Panel>
  );
}
