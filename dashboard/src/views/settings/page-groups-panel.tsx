import type { PageGroup, Site } from '@loupe/shared';
import { useState } from 'preact/hooks';
import { createPageGroup, deletePageGroup, pageGroupsUrl } from '../../api/studio-api.js';
import { useApi } from '../../api/use-api.js';
import { st } from '../../i18n/studio-catalogue.js';
import { describedBy, Field, fieldErrors } from '../../ui/field.js';
import { Panel } from '../../ui/panel.js';

/** The site's page groups: touchpoints by path pattern, added and removed one at a time. */
export function PageGroupsPanel({ site }: { site: Site }) {
  const [version, setVersion] = useState(0);
  const { data } = useApi<{ groups: PageGroup[] }>(pageGroupsUrl(site.siteId), version);
  const [name, setName] = useState('');
  const [pattern, setPattern] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const add = async (e: Event) => {
    e.preventDefault();
    try {
      await createPageGroup(site.siteId, { name, pattern, match: 'wildcard' });
      setName('');
      setPattern('');
      setErrors({});
      setVersion((v) => v + 1);
    } catch (err) {
      const f = fieldErrors(err);
      setErrors({ name: f['body.name'] ?? '', pattern: f['body.pattern'] ?? Object.values(f)[0] ?? '' });
    }
  };
  const remove = async (g: PageGroup) => {
    await deletePageGroup(site.siteId, g.id);
    setVersion((v) => v + 1);
  };
  const groups = data?.groups ?? [];
  return (
    <Panel title={st('pageGroups.title')} id="page-groups">
      <p class="muted">{st('pageGroups.body')}</p>
      {data && groups.length === 0 ? (
        <p class="muted">{st('pageGroups.none')}</p>
      ) : (
        <ul class="plain-list">
          {groups.map((g) => (
            <li key={g.id}>
              <span>{g.name}</span> <code>{g.pattern}</code>
              <button
                type="button"
                class="link-button"
                onClick={() => void remove(g)}
                aria-label={st('pageGroups.remove', { name: g.name })}
              >
                {st('common.remove')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form class="inline-form" onSubmit={add} noValidate>
        <Field id="page-group-name" label={st('pageGroups.name')} error={errors.name || undefined}>
          <input
            {...describedBy('page-group-name', { error: errors.name || undefined })}
            value={name}
            onInput={(e) => setName(e.currentTarget.value)}
          />
        </Field>
        <Field
          id="page-group-pattern"
          label={st('pageGroups.pattern')}
          hint={st('pageGroups.patternHint')}
          error={errors.pattern || undefined}
        >
          <input
            {...describedBy('page-group-pattern', { hint: true, error: errors.pattern || undefined })}
            placeholder="/products/*"
            value={pattern}
            onInput={(e) => setPattern(e.currentTarget.value)}
          />
        </Field>
        <button class="button" type="submit">
          {st('pageGroups.add')}
        </button>
      </form>
    </Panel>
  );
}
