import type { TraitsResponse } from '@loupe/shared';
import { MAX_TRAITS } from '@loupe/shared/constants';
import { withQuery } from '../../api/api-client.js';
import { useApi } from '../../api/use-api.js';
import { st } from '../../i18n/studio-catalogue.js';
import { pathId, TextInput } from './form-bits.js';
import type { SectionProps } from './section-props.js';

/**
 * `targeting.traits`: show the prompt only to visitors whose identify call gave these traits
 * (every rule must hold; a rule holds when the trait is one of its values). The site's known
 * names and their common values are offered (/v1/traits), shown as text: they are visitor-supplied.
 */
export function TraitRules({ draft, update, errors, siteId }: SectionProps & { siteId: string }) {
  const known = useApi<TraitsResponse>(withQuery('/v1/traits', { site: siteId, values: 8 }));
  const names = known.data?.traits ?? [];
  const set = (i: number, patch: Partial<(typeof draft.traits)[number]>) =>
    update((d) => ({ ...d, traits: d.traits.map((r, j) => (j === i ? { ...r, ...patch } : r)) }));
  return (
    <div class="rules" data-rules="traits">
      {/* The error summary's link for a rule-list error (one rule per name) lands here. */}
      <p class="rules-title" id={pathId('targeting.traits')} tabIndex={-1}>
        {st('targeting.traits')}
      </p>
      <p class="field-hint">{st('targeting.traits.hint')}</p>
      {names.length > 0 && (
        <datalist id="trait-names">
          {names.map((n) => (
            <option key={n.name} value={n.name} />
          ))}
        </datalist>
      )}
      {draft.traits.map((r, i) => {
        const path = `targeting.traits.${i}`;
        const common = names.find((n) => n.name === r.name.trim())?.values ?? [];
        return (
          <div class="rule-row trait-rule" key={i} data-rule={i}>
            <TextInput
              path={`${path}.name`}
              label={st('targeting.traits.name')}
              errors={errors}
              value={r.name}
              onInput={(name) => set(i, { name })}
              placeholder="plan"
              list={names.length > 0 ? 'trait-names' : undefined}
            />
            <TextInput
              path={`${path}.values`}
              label={st('targeting.traits.values')}
              hint={
                common.length > 0
                  ? st('targeting.traits.common', { values: common.map((v) => v.value).join(', ') })
                  : st('targeting.traits.values.hint')
              }
              errors={errors}
              value={r.values}
              onInput={(values) => set(i, { values })}
              placeholder={'pro\nteam'}
              multiline
            />
            <button
              type="button"
              class="button small align-end"
              onClick={() => update((d) => ({ ...d, traits: d.traits.filter((_, j) => j !== i) }))}
              aria-label={st('targeting.traits.remove', { n: i + 1 })}
            >
              {st('common.remove')}
            </button>
          </div>
        );
      })}
      {errors['targeting.traits'] && (
        <p class="field-error" role="alert">
          {errors['targeting.traits']}
        </p>
      )}
      {draft.traits.length < MAX_TRAITS && (
        <button
          type="button"
          class="button small"
          onClick={() =>
            update((d) => ({
              ...d,
              traits: [
                ...d.traits,
                { name: names.find((n) => !d.traits.some((x) => x.name === n.name))?.name ?? '', values: '' },
              ],
            }))
          }
        >
          {st('targeting.traits.add')}
        </button>
      )}
    </div>
  );
}
