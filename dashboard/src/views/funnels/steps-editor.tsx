import { useEffect, useState } from 'preact/hooks';
import { t } from '../../i18n/catalogue.js';
import { EXAMPLE_STEPS, MAX_STEPS } from './steps-param.js';

/**
 * The funnel's steps as a form: one text field per step, moved up or down, removed, added (2 to 10).
 * Nothing is read until "Show funnel" puts them in the URL. Commas separate steps in the URL, so
 * they are taken out of what is typed.
 */
export function StepsEditor({ steps, onShow }: { steps: string[]; onShow: (steps: string[]) => void }) {
  const [draft, setDraft] = useState<string[]>(() => (steps.length >= 2 ? steps : ['', '']));
  useEffect(() => setDraft(steps.length >= 2 ? steps : ['', '']), [steps.join(',')]);
  const set = (i: number, v: string) => setDraft(draft.map((s, j) => (j === i ? v.replace(/,/g, '') : s)));
  const move = (i: number, d: -1 | 1) => {
    const next = [...draft];
    [next[i], next[i + d]] = [next[i + d]!, next[i]!];
    setDraft(next);
  };
  const filled = draft.map((s) => s.trim()).filter((s) => s !== '');
  return (
    <form
      class="funnel-steps"
      onSubmit={(e) => {
        e.preventDefault();
        onShow(filled);
      }}
    >
      <p id="funnel-steps-hint" class="field-hint">
        {t('funnels.stepsHint')}
      </p>
      <ol class="funnel-step-list">
        {draft.map((step, i) => (
          <li key={i} class="funnel-step">
            <label class="field-inline">
              <span>{t('funnels.step', { n: i + 1 })}</span>
              <input
                type="text"
                name={`step-${i + 1}`}
                value={step}
                placeholder={EXAMPLE_STEPS[i] ?? '/path'}
                aria-describedby="funnel-steps-hint"
                maxLength={1024}
                onInput={(e) => set(i, e.currentTarget.value)}
              />
            </label>
            <button
              type="button"
              class="button small"
              aria-label={t('funnels.up', { n: i + 1 })}
              disabled={i === 0}
              onClick={() => move(i, -1)}
            >
              ↑
            </button>
            <button
              type="button"
              class="button small"
              aria-label={t('funnels.down', { n: i + 1 })}
              disabled={i === draft.length - 1}
              onClick={() => move(i, 1)}
            >
              ↓
            </button>
            <button
              type="button"
              class="button small danger"
              aria-label={t('funnels.remove', { n: i + 1 })}
              disabled={draft.length <= 2}
              onClick={() => setDraft(draft.filter((_, j) => j !== i))}
            >
              ×
            </button>
          </li>
        ))}
      </ol>
      <div class="funnel-actions">
        <button
          type="button"
          class="button"
          disabled={draft.length >= MAX_STEPS}
          onClick={() => setDraft([...draft, ''])}
        >
          {t('funnels.add')}
        </button>
        <button type="submit" class="button primary" disabled={filled.length < 2}>
          {t('funnels.show')}
        </button>
        {steps.length < 2 && (
          <button type="button" class="button" onClick={() => onShow(EXAMPLE_STEPS)}>
            {t('funnels.example')}
          </button>
        )}
      </div>
    </form>
  );
}
