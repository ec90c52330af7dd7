import { useState } from 'preact/hooks';
import { withQuery } from '../../api/api-client.js';
import { savePrompt } from '../../api/studio-api.js';
import { useApi } from '../../api/use-api.js';
import { st } from '../../i18n/studio-catalogue.js';
import { Link } from '../../router/link.js';
import { appHref, navigate } from '../../router/location.js';
import { fieldErrors } from '../../ui/field.js';
import { AppearanceSection } from './appearance-section.js';
import { type Errors, pathId, SelectInput, TextInput } from './form-bits.js';
import { FrequencySection } from './frequency-section.js';
import { LinksPanel } from './links-panel.js';
import { PreviewPane } from './preview-pane.js';
import { type Draft, toDefinition } from './prompt-draft.js';
import { TargetingSection } from './targeting-section.js';
import { TextsSection } from './texts-section.js';

/**
 * Every option of a prompt as form fields, the live preview beside them, and the API's messages
 * at the fields they concern (a summary on top links to each). Nothing is saved until the API
 * accepts the whole definition.
 */
export function PromptForm({ siteId, promptId, initial }: { siteId: string; promptId?: string; initial: Draft }) {
  const [draft, setDraft] = useState(initial);
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const [lang, setLang] = useState(initial.defaultLanguage);
  const update = (fn: (d: Draft) => Draft) => {
    setSaved(false);
    setDraft(fn);
  };
  const definition = toDefinition(draft);
  // Appearance per prompt is offered where the server keeps one (its prompt settings carry one).
  const settings = useApi<{ appearance?: unknown }>(withQuery('/v1/prompt-settings', { site: siteId }));
  const hasAppearance = settings.data?.appearance !== undefined;
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    try {
      const prompt = await savePrompt(siteId, promptId, definition);
      setErrors({});
      setSaved(true);
      if (!promptId) navigate(appHref('prompt', { site: siteId, prompt: prompt.id }), { replace: true });
    } catch (err) {
      const found = fieldErrors(err);
      setErrors(found);
      // Show the first language with a problem, so its message is on screen.
      const badLang = Object.keys(found)
        .map((k) => /^texts\.([^.]+)\./.exec(k)?.[1])
        .find(Boolean);
      if (badLang && draft.texts.some((t) => t.lang === badLang)) setLang(badLang);
      requestAnimationFrame(() => document.getElementById('form-errors')?.focus());
    } finally {
      setBusy(false);
    }
  };
  // The summary names each field by its label where it is on screen (its path otherwise).
  const entries = Object.entries(errors).map(([path, message]) => {
    const label = path ? document.querySelector(`label[for="${pathId(path)}"]`)?.textContent : undefined;
    return [path, label ? `${label}: ${message}` : path ? `${path}: ${message}` : message] as const;
  });
  return (
    <div class="studio editor">
      <div class="studio-head">
        <h1>{promptId ? st('editor.editTitle', { name: initial.name }) : st('editor.newTitle')}</h1>
        <Link href={appHref('prompts', { site: siteId })}>{st('editor.back')}</Link>
      </div>
      <div class="editor-layout">
        <form class="form prompt-form" onSubmit={submit} noValidate>
          {entries.length > 0 && (
            <div class="error-summary" id="form-errors" tabIndex={-1} role="alert">
              <p>{st('editor.errors', { n: entries.length })}</p>
              <ul>
                {entries.map(([path, text]) => (
                  <li key={path}>{path ? <a href={`#${pathId(path)}`}>{text}</a> : text}</li>
                ))}
              </ul>
            </div>
          )}
          <fieldset class="form-section" id="basics">
            <legend>{st('editor.basics')}</legend>
            <TextInput
              path="name"
              label={st('editor.name')}
              hint={st('editor.name.hint')}
              errors={errors}
              value={draft.name}
              onInput={(name) => update((d) => ({ ...d, name }))}
            />
            <div class="field-grid">
              <SelectInput
                path="kind"
                label={st('editor.kind')}
                hint={promptId ? st('editor.kind.locked') : undefined}
                disabled={Boolean(promptId)}
                errors={errors}
                value={draft.kind}
                options={(['nps', 'csat', 'ces'] as const).map((k) => ({ value: k, label: st(`editor.kind.${k}`) }))}
                onChange={(kind) => update((d) => ({ ...d, kind }))}
              />
              {draft.kind === 'csat' && (
                <SelectInput
                  path="style"
                  label={st('editor.style')}
                  errors={errors}
                  value={draft.style}
                  options={[
                    { value: '', label: st('editor.style.stars') },
                    { value: 'faces', label: st('editor.style.faces') },
                  ]}
                  onChange={(style) => update((d) => ({ ...d, style }))}
                />
              )}
              <SelectInput
                path="status"
                label={st('editor.status')}
                errors={errors}
                value={draft.status}
                options={[
                  { value: 'active', label: st('prompts.status.active') },
                  { value: 'paused', label: st('prompts.status.paused') },
                ]}
                onChange={(status) => update((d) => ({ ...d, status }))}
              />
            </div>
          </fieldset>
          <TextsSection draft={draft} update={update} errors={errors} lang={lang} setLang={setLang} />
          <TargetingSection draft={draft} update={update} errors={errors} siteId={siteId} />
          <FrequencySection draft={draft} update={update} errors={errors} />
          {hasAppearance && <AppearanceSection draft={draft} update={update} errors={errors} />}
          <div class="form-actions sticky-actions">
            <button class="button primary" type="submit" disabled={busy}>
              {promptId ? st('common.save') : st('editor.create')}
            </button>
            {saved && (
              <span class="saved" role="status">
                {st('common.saved')}
              </span>
            )}
          </div>
        </form>
        <PreviewPane
          siteAppearance={settings.data?.appearance}
          definition={promptId ? { id: promptId, ...definition } : definition}
          languages={draft.texts.map((t) => t.lang)}
          language={lang}
          setLanguage={setLang}
        />
      </div>
      {/* A saved prompt can be answered outside the site too. */}
      {promptId && <LinksPanel siteId={siteId} promptId={promptId} />}
    </div>
  );
}
