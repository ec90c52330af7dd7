import { st } from '../../i18n/studio-catalogue.js';
import type { DraftAppearance } from './prompt-draft.js';
import { type Errors, NumberInput, SelectInput, TextInput } from './form-bits.js';
import type { SectionProps } from './section-props.js';

/** The prompt's own look; members left on "site default" take the site's (then the built-in) look. */
export function AppearanceSection({ draft, update, errors }: SectionProps) {
  return (
    <fieldset class="form-section" id="appearance">
      <legend>{st('appearance.title')}</legend>
      <AppearanceFields
        value={draft.appearance}
        onChange={(patch) => update((d) => ({ ...d, appearance: { ...d.appearance, ...patch } }))}
        errors={errors}
        inheritLabel={st('appearance.siteDefault')}
      />
    </fieldset>
  );
}

/** Theme, position, brand colour, radius, font and colour-coded scale; '' takes the level above. */
export function AppearanceFields({
  value: a,
  onChange: set,
  errors,
  inheritLabel,
}: {
  value: DraftAppearance;
  onChange: (patch: Partial<DraftAppearance>) => void;
  errors: Errors;
  inheritLabel: string;
}) {
  const inherit = { value: '' as const, label: inheritLabel };
  return (
    <div class="field-grid">
      <SelectInput
        path="appearance.theme"
        label={st('appearance.theme')}
        errors={errors}
        value={a.theme}
        options={[
          inherit,
          ...(['auto', 'light', 'dark'] as const).map((v) => ({ value: v, label: st(`appearance.theme.${v}`) })),
        ]}
        onChange={(theme) => set({ theme })}
      />
      <SelectInput
        path="appearance.position"
        label={st('appearance.position')}
        errors={errors}
        value={a.position}
        options={[
          inherit,
          ...(['bottom-right', 'bottom-left', 'center'] as const).map((v) => ({
            value: v,
            label: st(`appearance.position.${v}`),
          })),
        ]}
        onChange={(position) => set({ position })}
      />
      <TextInput
        path="appearance.brandColor"
        label={st('appearance.brandColor')}
        hint={st('appearance.brandColor.hint')}
        errors={errors}
        value={a.brandColor}
        onInput={(brandColor) => set({ brandColor })}
        placeholder="#4f46e5"
      />
      <NumberInput
        path="appearance.radius"
        label={st('appearance.radius')}
        errors={errors}
        value={a.radius}
        onInput={(radius) => set({ radius })}
      />
      <TextInput
        path="appearance.font"
        label={st('appearance.font')}
        hint={st('appearance.font.hint')}
        errors={errors}
        value={a.font}
        onInput={(font) => set({ font })}
        placeholder="inherit"
      />
      <SelectInput
        path="appearance.colorScale"
        label={st('appearance.colorScale')}
        errors={errors}
        value={a.colorScale}
        options={[inherit, { value: 'on', label: st('common.yes') }, { value: 'off', label: st('common.no') }]}
        onChange={(colorScale) => set({ colorScale })}
      />
    </div>
  );
}
