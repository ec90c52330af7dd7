import { promptDefinitionSchema } from '@loupe/shared';
import { MAX_TRAIT_KEY_LENGTH, MAX_TRAIT_VALUE_LENGTH, MAX_TRAITS } from '@loupe/shared/constants';
import { describe, expect, it } from 'vitest';
import { filterQuery, ignoredFilters, readUrl, ROUTE_FILTERS } from '../../src/api/read-urls.js';
import { readViewState, traitsOf } from '../../src/state/view-state.js';
import { traitsOfText } from '../../src/views/prompt-editor/why-traits.js';
import { emptyTexts, fromPrompt, newDraft, toDefinition } from '../../src/views/prompt-editor/prompt-draft.js';

// The audience filter (trait.<name>, returning) from the URL to each route's request, and the
// studio's trait rules. (The score of everyone else: shared/test/distribution-score.test.ts.)

const q = (s: string) => new URLSearchParams(s);

describe('the audience in the URL', () => {
  it('reads trait filters in order, a name once, within the limits; returning only as true or false', () => {
    const state = readViewState(
      q('trait.plan=pro&trait.plan=free&trait.country=DK&returning=true&device=mobile'),
      '2026-12-03',
    );
    expect(state.filters).toEqual({
      device: 'mobile',
      traits: [
        { key: 'plan', value: 'pro' },
        { key: 'country', value: 'DK' },
      ],
      returning: 'true',
    });
    expect(readViewState(q('returning=maybe'), '2026-12-03').filters).toEqual({});
    const long = 'x'.repeat(MAX_TRAIT_KEY_LENGTH + 1);
    expect(traitsOf(q(`trait.=a&trait.${long}=a&trait.ok=&trait.v=${'y'.repeat(MAX_TRAIT_VALUE_LENGTH + 1)}`))).toEqual(
      [],
    );
    const many = new URLSearchParams();
    for (let i = 0; i < MAX_TRAITS + 5; i++) many.append(`trait.t${i}`, String(i));
    expect(traitsOf(many)).toHaveLength(MAX_TRAITS);
  });

  it('sends each route exactly the filters it takes, trait names encoded as the API reads them', () => {
    const filters = readViewState(
      q('trait.a%26b=x%3Dy&returning=false&path=%2Fcheckout&device=mobile'),
      '2026-12-03',
    ).filters;
    expect(filterQuery('scores', filters)).toEqual({
      path: '/checkout',
      device: 'mobile',
      'trait.a&b': 'x=y',
      returning: 'false',
    });
    expect(filterQuery('errors', filters)).toEqual({ path: '/checkout', device: 'mobile' });
    expect(ignoredFilters('errors', filters)).toEqual(['traits', 'returning']);
    expect(ignoredFilters('scores', filters)).toEqual([]);
    const url = new URL(
      readUrl('scores', { siteId: 's', tz: 'UTC', range: { from: '2026-01-01', to: '2026-01-31' }, filters }),
      'http://x',
    );
    expect(url.searchParams.get('trait.a&b')).toBe('x=y');
    expect(url.searchParams.get('returning')).toBe('false');
  });

  it('every route that takes traits takes returning too (one audience)', () => {
    for (const [route, takes] of Object.entries(ROUTE_FILTERS)) {
      const list: readonly string[] = takes;
      expect(list.includes('traits'), route).toBe(list.includes('returning'));
    }
  });
});

describe('trait rules in the studio', () => {
  it('round-trip through the API’s definition, one value per line (commas kept)', () => {
    const d = newDraft();
    d.name = 'Pro NPS';
    d.texts = [{ ...emptyTexts('en'), question: 'How likely?' }];
    d.traits = [
      { name: ' plan ', values: 'pro\n\n team \n' },
      { name: 'company', values: 'Acme, Inc.' },
    ];
    const body = toDefinition(d) as { targeting: { traits: unknown } };
    const parsed = promptDefinitionSchema.safeParse(body);
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    expect(body.targeting.traits).toEqual([
      { name: 'plan', values: ['pro', 'team'] },
      { name: 'company', values: ['Acme, Inc.'] },
    ]);
    const back = fromPrompt({ id: 'p_1', ...parsed.data!, createdAt: '', updatedAt: '' } as never);
    expect(back.traits).toEqual([
      { name: 'plan', values: 'pro\nteam' },
      { name: 'company', values: 'Acme, Inc.' },
    ]);
    // No rules: an empty list, which a PUT stores as "no condition".
    expect((toDefinition({ ...d, traits: [] }) as typeof body).targeting.traits).toEqual([]);
  });

  it('reads the "why" panel’s traits as identify would give them', () => {
    expect(traitsOfText('plan=pro\n seats = 12\nbad line\n=x\nurl=a=b')).toEqual({
      plan: 'pro',
      seats: '12',
      url: 'a=b',
    });
    expect(traitsOfText('  \n')).toBeUndefined();
  });
});
