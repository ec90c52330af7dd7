import type { Site, UpdateSiteBody } from '@loupe/shared';
import { useState } from 'preact/hooks';
import { updateSite } from '../../api/studio-api.js';
import { st } from '../../i18n/studio-catalogue.js';
import { fieldErrors, FormError, SubmitRow } from '../../ui/field.js';
import { Panel } from '../../ui/panel.js';
import { CheckInput, NumberInput } from '../prompt-editor/form-bits.js';

/** What was typed, as a number when it is one; otherwise as typed, so the server names the field. */
const typed = (s: string): number | string => {
  const n = Number(s);
  return s.trim() !== '' && Number.isFinite(n) ? n : s;
};

/**
 * How long the site's raw events and answers are kept (the server's daily retention job deletes
 * what is older). Aggregates stay whatever is chosen, so the overview of an old month does not change.
 */
export function RetentionPanel({ site }: { site: Site }) {
  const [rawDays, setRawDays] = useState(String(site.rawEventsDays));
  const [keepAnswers, setKeepAnswers] = useState(site.responsesDays === null);
  const [answerDays, setAnswerDays] = useState(String(site.responsesDays ?? site.rawEventsDays));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const edited = () => setSaved(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setSaved(false);
    try {
      // Numbers as typed: a bad one comes back from the server with its field's message.
      const body = { rawEventsDays: typed(rawDays), responsesDays: keepAnswers ? null : typed(answerDays) };
      await updateSite(site.siteId, body as UpdateSiteBody);
      setErrors({});
      setSaved(true);
    } catch (err) {
      setErrors(fieldErrors(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Panel title={st('retention.title')} id="retention">
      <form class="form" onSubmit={submit} noValidate>
        <p class="muted">{st('retention.intro')}</p>
        <NumberInput
          path="rawEventsDays"
          label={st('retention.rawEventsDays')}
          hint={st('retention.rawEventsDays.hint')}
          errors={errors}
          value={rawDays}
          onInput={(v) => {
            edited();
            setRawDays(v);
          }}
        />
        <CheckInput
          path="keepAnswers"
          label={st('retention.keepAnswers')}
          errors={errors}
          checked={keepAnswers}
          onChange={(v) => {
            edited();
            setKeepAnswers(v);
          }}
        />
        {!keepAnswers && (
          <NumberInput
            path="responsesDays"
            label={st('retention.responsesDays')}
            hint={st('retention.responsesDays.hint')}
            errors={errors}
            value={answerDays}
            onInput={(v) => {
              edited();
              setAnswerDays(v);
            }}
          />
        )}
        <FormError error={errors['']} />
        <SubmitRow label={st('common.save')} busy={busy} status={saved && st('common.saved')} />
      </form>
    </Panel>
  );
}
