import { promptDefinitionSchema, type Prompt } from '@loupe/shared';
import { describe, expect, it } from 'vitest';
import {
  emptyTexts,
  emptyTriggers,
  fromPrompt,
  newDraft,
  toDefinition,
} from '../../src/views/prompt-editor/prompt-draft.js';
import { testUrl } from '../../src/views/prompt-editor/url-test.js';
import { originProblem } from '../../src/views/settings/origin-check.js';

// The prompt form's model against the API's own schema, the URL tester, and the origin check.

describe('the prompt form model', () => {
  it('a filled-in form is a definition the API accepts, and reads back to the same form', () => {
    const d = newDraft();
    d.name = 'Checkout NPS';
    d.texts = [
      { ...emptyTexts('en'), question: 'How likely?', followUp: { detractor: 'What went wrong?' }, thanks: 'Thanks' },
      { ...emptyTexts('vi'), question: 'Bạn có sẵn lòng?' },
    ];
    d.include = [{ match: 'prefix', value: '/checkout' }];
    d.devices = ['desktop'];
    d.languages = 'en, vi';
    d.delaySeconds = '5';
    d.triggers = { ...emptyTriggers(), scrollPercent: '25', afterTrack: 'signup, upgrade' };
    d.frequency = { mode: 'recurring', everyDays: '30', dismissWaitDays: '7', ignoreGlobalCooldown: true };
    const body = toDefinition(d);
    const parsed = promptDefinitionSchema.safeParse(body);
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    expect(body).toMatchObject({
      texts: {
        en: { question: 'How likely?', followUp: { detractor: 'What went wrong?' }, thanks: 'Thanks' },
        vi: { question: 'Bạn có sẵn lòng?' },
      },
      targeting: { delaySeconds: 5, scrollPercent: 25, afterTrack: ['signup', 'upgrade'], languages: ['en', 'vi'] },
      frequency: { mode: 'recurring', everyDays: 30, dismissWaitDays: 7 },
    });
    // No empty strings are sent (the API refuses them): optional texts are left out.
    expect(JSON.stringify(body)).not.toContain('""');
    const stored = { ...parsed.data!, id: 'pr_1', createdAt: '', updatedAt: '' } as Prompt;
    expect(toDefinition(fromPrompt(stored))).toEqual(toDefinition(d));
  });

  it('sends a number field as typed when it is not a number, so the API names that field', () => {
    const d = newDraft();
    d.delaySeconds = 'soon';
    d.samplePercent = '';
    const body = toDefinition(d) as { targeting: Record<string, unknown> };
    expect(body.targeting.delaySeconds).toBe('soon');
    expect(body.targeting.samplePercent).toBe(100);
    const parsed = promptDefinitionSchema.safeParse({ ...body, name: 'x', texts: { en: { question: 'Q?' } } });
    expect(parsed.error?.issues.map((i) => i.path.join('.'))).toEqual(['targeting.delaySeconds']);
  });

  it('rule groups name only the conditions they set, and are left out when there are none', () => {
    const d = newDraft();
    expect((toDefinition(d) as { targeting: object }).targeting).not.toHaveProperty('anyOf');
    d.anyOf = [
      { ...emptyTriggers(), timeOnPageSeconds: '5' },
      { ...emptyTriggers(), scrollPercent: '25', exitIntent: true },
    ];
    expect((toDefinition(d) as { targeting: { anyOf: unknown } }).targeting.anyOf).toEqual([
      { timeOnPageSeconds: 5 },
      { scrollPercent: 25, exitIntent: true },
    ]);
  });
});

describe('the URL tester', () => {
  const include = [
    { match: 'prefix' as const, value: '/checkout' },
    { match: 'wildcard' as const, value: '/blog/*/comments' },
  ];
  const exclude = [{ match: 'exact' as const, value: '/checkout/done' }];
  it.each([
    ['https://shop.example/checkout?step=2', 'shown'],
    ['/blog/launch/comments', 'shown'],
    ['https://shop.example/checkout/done/', 'excluded'],
    ['https://shop.example/about', 'notIncluded'],
    ['https://shop.example/%63heckout', 'shown'],
  ])('%s → %s', (url, result) => {
    expect(testUrl(url, include, exclude)?.result).toBe(result);
  });
  it('marks each rule, and says nothing for an empty address', () => {
    expect(testUrl('/checkout', include, exclude)).toEqual({
      include: [true, false],
      exclude: [false],
      result: 'shown',
    });
    expect(testUrl('  ', include, exclude)).toBeUndefined();
    expect(testUrl('/x', [{ match: 'regex', value: '(' }], [])?.include).toEqual([undefined]);
  });
});

describe('originProblem', () => {
  it.each([
    ['https://shop.example', undefined],
    ['http://127.0.0.1:8080', undefined],
    ['https://shop.example/', undefined],
    ['shop.example', 'notUrl'],
    ['ftp://shop.example', 'scheme'],
    ['https://shop.example/checkout', 'path'],
    ['https://shop.example?x=1', 'path'],
  ])('%s → %s', (text, problem) => {
    expect(originProblem(text)).toBe(problem);
  });
});
