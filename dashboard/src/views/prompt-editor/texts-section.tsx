import { useState } from 'preact/hooks';
import { st } from '../../i18n/studio-catalogue.js';
import { BANDS, type Draft, type DraftTexts, emptyTexts } from './prompt-draft.js';
import { pathId, SelectInput, TextInput } from './form-bits.js';
import type { SectionProps } from './section-props.js';

const RTL = new Set(['ar', 'he', 'fa', 'ur', 'yi', 'ps', 'dv', 'ku']);
export const dirOf = (lang: string): 'ltr' | 'rtl' => (RTL.has(lang.split('-')[0]!.toLowerCase()) ? 'rtl' : 'ltr');

/** What the default language says that `t` does not: each falls back (and is flagged). */
export function missingIn(t: DraftTexts, base: DraftTexts | undefined, kind: Draft['kind']): string[] {
  if (!base || base === t) return [];
  const out: string[] = [];
  if (!t.question.trim()) out.push(st('texts.question'));
  for (const b of BANDS[kind])
    if (base.followUp[b]?.trim() && !t.followUp[b]?.trim()) out.push(st(`texts.followUp.${b}`));
  if (base.thanks.trim() && !t.thanks.trim()) out.push(st('texts.thanks'));
  if (base.lowLabel.trim() && !t.lowLabel.trim()) out.push(st('texts.lowLabel'));
  if (base.highLabel.trim() && !t.highLabel.trim()) out.push(st('texts.highLabel'));
  return out;
}

/** The visitor-facing texts, one tab per language; missing translations are flagged. */
export function TextsSection({
  draft,
  update,
  errors,
  lang,
  setLang,
}: SectionProps & {
  lang: string;
  setLang: (l: string) => void;
}) {
  const [newLang, setNewLang] = useState('');
  const [langError, setLangError] = useState<string>();
  const current = draft.texts.find((t) => t.lang === lang) ?? draft.texts[0]!;
  const base = draft.texts.find((t) => t.lang === draft.defaultLanguage);
  const setText = (patch: Partial<DraftTexts>) =>
    update((d) => ({ ...d, texts: d.texts.map((t) => (t.lang === current.lang ? { ...t, ...patch } : t)) }));
  const add = () => {
    const tag = newLang.trim();
    if (!/^[a-zA-Z]{2,3}(?:-[a-zA-Z0-9]{2,8})*$/.test(tag)) return setLangError(st('texts.badTag'));
    if (draft.texts.some((t) => t.lang.toLowerCase() === tag.toLowerCase())) return setLangError(st('texts.dupTag'));
    update((d) => ({ ...d, texts: [...d.texts, emptyTexts(tag)] }));
    setLang(tag);
    setNewLang('');
    setLangError(undefined);
  };
  const remove = () => {
    update((d) => ({ ...d, texts: d.texts.filter((t) => t.lang !== current.lang) }));
    setLang(draft.defaultLanguage);
  };
  const p = `texts.${current.lang}`;
  const dir = dirOf(current.lang);
  const targeted = draft.languages
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .filter((l) => !draft.texts.some((t) => t.lang.toLowerCase() === l.toLowerCase()));
  return (
    <fieldset class="form-section" id="texts">
      <legend>{st('texts.title')}</legend>
      <fieldset class="lang-tabs">
        <legend class="visually-hidden">{st('texts.languages')}</legend>
        {draft.texts.map((t) => {
          const missing = missingIn(t, base, draft.kind);
          const bad = Object.keys(errors).some((k) => k.startsWith(`texts.${t.lang}`));
          return (
            <button
              key={t.lang}
              type="button"
              aria-pressed={t.lang === current.lang}
              class={bad ? 'has-error' : ''}
              onClick={() => setLang(t.lang)}
            >
              {t.lang}
              {t.lang === draft.defaultLanguage && <span class="badge">{st('texts.default')}</span>}
              {missing.length > 0 && <span class="badge warn">{st('texts.incomplete')}</span>}
            </button>
          );
        })}
      </fieldset>
      <div class="inline-form">
        <TextInput
          path="newLanguage"
          label={st('texts.addLanguage')}
          hint={st('texts.addLanguage.hint')}
          errors={langError ? { newLanguage: langError } : {}}
          value={newLang}
          onInput={setNewLang}
          placeholder="vi"
          class="narrow"
        />
        <button type="button" class="button" onClick={add}>
          {st('texts.add')}
        </button>
      </div>
      {errors.texts && (
        <p class="field-error" id={pathId('texts')} role="alert">
          {errors.texts}
        </p>
      )}
      {(() => {
        const missing = missingIn(current, base, draft.kind);
        return missing.length > 0 ? (
          <p class="warning-note" role="note">
            {st('texts.missing', { fields: missing.join(', '), lang: draft.defaultLanguage })}
          </p>
        ) : null;
      })()}
      {targeted.length > 0 && (
        <p class="warning-note" role="note">
          {st('texts.untranslatedTarget', { langs: targeted.join(', '), lang: draft.defaultLanguage })}
        </p>
      )}
      <div class="lang-panel" key={current.lang}>
        <TextInput
          path={`${p}.question`}
          label={st('texts.question')}
          errors={errors}
          value={current.question}
          onInput={(v) => setText({ question: v })}
          lang={current.lang}
          dir={dir}
          multiline
        />
        {BANDS[draft.kind].map((b) => (
          <TextInput
            key={b}
            path={`${p}.followUp.${b}`}
            label={st(`texts.followUp.${b}`)}
            errors={errors}
            value={current.followUp[b] ?? ''}
            onInput={(v) => setText({ followUp: { ...current.followUp, [b]: v } })}
            lang={current.lang}
            dir={dir}
          />
        ))}
        <TextInput
          path={`${p}.thanks`}
          label={st('texts.thanks')}
          errors={errors}
          value={current.thanks}
          onInput={(v) => setText({ thanks: v })}
          lang={current.lang}
          dir={dir}
        />
        <div class="field-row">
          <TextInput
            path={`${p}.lowLabel`}
            label={st('texts.lowLabel')}
            errors={errors}
            value={current.lowLabel}
            onInput={(v) => setText({ lowLabel: v })}
            lang={current.lang}
            dir={dir}
          />
          <TextInput
            path={`${p}.highLabel`}
            label={st('texts.highLabel')}
            errors={errors}
            value={current.highLabel}
            onInput={(v) => setText({ highLabel: v })}
            lang={current.lang}
            dir={dir}
          />
        </div>
        <div class="field-row">
          <SelectInput
            path="defaultLanguage"
            label={st('texts.defaultLanguage')}
            hint={st('texts.defaultLanguage.hint')}
            errors={errors}
            value={draft.defaultLanguage}
            options={draft.texts.map((t) => ({ value: t.lang, label: t.lang }))}
            onChange={(v) => update((d) => ({ ...d, defaultLanguage: v }))}
          />
          {current.lang !== draft.defaultLanguage && (
            <button type="button" class="button danger small align-end" onClick={remove}>
              {st('texts.remove', { lang: current.lang })}
            </button>
          )}
        </div>
      </div>
    </fieldset>
  );
}
