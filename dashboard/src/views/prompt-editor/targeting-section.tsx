import { useState } from 'preact/hooks';
import { st } from '../../i18n/studio-catalogue.js';
import { NumberInput, pathId, TextInput } from './form-bits.js';
import { RuleGroups, TriggerFields } from './rule-groups.js';
import { UrlRules } from './url-rules.js';
import { TraitRules } from './trait-rules.js';
import { testUrl } from './url-test.js';
import type { SectionProps } from './section-props.js';

const DEVICES = ['desktop', 'tablet', 'mobile'] as const;

/** Who sees the prompt, where and when: every targeting rule, with a URL tester. */
export function TargetingSection({ draft, update, errors, siteId }: SectionProps & { siteId: string }) {
  const [testInput, setTestInput] = useState('');
  const verdict = testUrl(testInput, draft.include, draft.exclude);
  const toggleDevice = (dev: string, on: boolean) =>
    update((d) => ({ ...d, devices: on ? [...d.devices, dev] : d.devices.filter((x) => x !== dev) }));
  return (
    <fieldset class="form-section" id="targeting">
      <legend>{st('targeting.title')}</legend>
      <UrlRules
        which="include"
        rules={draft.include}
        onChange={(include) => update((d) => ({ ...d, include }))}
        errors={errors}
        verdicts={verdict?.include}
      />
      <UrlRules
        which="exclude"
        rules={draft.exclude}
        onChange={(exclude) => update((d) => ({ ...d, exclude }))}
        errors={errors}
        verdicts={verdict?.exclude}
      />
      <div class="tester">
        <TextInput
          path="urlTester"
          label={st('tester.label')}
          hint={st('tester.hint')}
          errors={{}}
          value={testInput}
          onInput={setTestInput}
          placeholder="https://shop.example/checkout?step=2"
        />
        {verdict && (
          <p class={`tester-result ${verdict.result}`} role="status" data-result={verdict.result}>
            {st(`tester.${verdict.result}`)}
          </p>
        )}
      </div>
      <fieldset
        class="checks"
        aria-describedby={errors['targeting.devices'] ? `${pathId('targeting.devices')}-error` : undefined}
      >
        <legend>{st('targeting.devices')}</legend>
        {DEVICES.map((dev) => (
          <label key={dev}>
            <input
              type="checkbox"
              checked={draft.devices.includes(dev)}
              onChange={(e) => toggleDevice(dev, e.currentTarget.checked)}
            />{' '}
            {st(`device.${dev}`)}
          </label>
        ))}
        <p class="field-hint">{st('targeting.devices.hint')}</p>
      </fieldset>
      <TextInput
        path="targeting.languages"
        label={st('targeting.languages')}
        hint={st('targeting.languages.hint')}
        errors={errors}
        value={draft.languages}
        onInput={(v) => update((d) => ({ ...d, languages: v }))}
        placeholder="en, vi"
      />
      <TraitRules draft={draft} update={update} errors={errors} siteId={siteId} />
      <div class="field-grid">
        <NumberInput
          path="targeting.delaySeconds"
          label={st('targeting.delay')}
          hint={st('targeting.delay.hint')}
          errors={errors}
          value={draft.delaySeconds}
          onInput={(v) => update((d) => ({ ...d, delaySeconds: v }))}
        />
        <NumberInput
          path="targeting.samplePercent"
          label={st('targeting.sample')}
          hint={st('targeting.sample.hint')}
          errors={errors}
          value={draft.samplePercent}
          onInput={(v) => update((d) => ({ ...d, samplePercent: v }))}
        />
      </div>
      <fieldset class="form-subsection">
        <legend>{st('targeting.conditions')}</legend>
        <p class="field-hint">{st('targeting.conditions.hint')}</p>
        <TriggerFields
          base="targeting"
          t={draft.triggers}
          set={(patch) => update((d) => ({ ...d, triggers: { ...d.triggers, ...patch } }))}
          errors={errors}
        />
      </fieldset>
      <RuleGroups draft={draft} update={update} errors={errors} />
    </fieldset>
  );
}
