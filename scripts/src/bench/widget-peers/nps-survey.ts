import type { PromptDefinitionInput } from '@loupe/shared';

// The one NPS survey both survey products show in the benchmark: the same question, the same
// optional follow-up, answered the same way. Loupe takes it as a prompt (POST /v1/prompts);
// PostHog as a popover survey of two questions (a 0–10 rating, then an optional open question),
// the shape PostHog's NPS template has.

export const NPS_QUESTION = 'How likely are you to recommend Driftwood to a friend?';
export const NPS_FOLLOW_UP = 'What is the main reason for your score?';
/** What the scripted visitor answers. */
export const NPS_ANSWER = { score: 9, comment: 'Quick delivery and a lovely mug.' };

/**
 * Where the survey is targeted. `page`: the thank-you page only, so on the product page the
 * script carries a live survey it must not show (what most page views of a site with an NPS
 * survey look like). `survey`: the product page itself, shown at once.
 */
export type SurveyTarget = 'page' | 'survey';
const THANK_YOU_PATH = '/demo/thank-you';
const PRODUCT_PATH = '/demo/product.html';

export function loupeNpsPrompt(target: SurveyTarget): PromptDefinitionInput {
  return {
    name: 'NPS',
    kind: 'nps',
    texts: { en: { question: NPS_QUESTION, followUp: { default: NPS_FOLLOW_UP } } },
    targeting: { include: [{ match: 'prefix', value: target === 'page' ? THANK_YOU_PATH : PRODUCT_PATH }] },
  };
}

/** PostHog's survey object as GET /api/surveys answers it (the fields posthog-js reads). */
export function posthogNpsSurvey(target: SurveyTarget) {
  return {
    id: '0190f3a8-5b2c-7000-8000-00000000a1b2',
    name: 'NPS',
    type: 'popover',
    questions: [
      {
        id: 'q-score',
        type: 'rating',
        question: NPS_QUESTION,
        display: 'number',
        scale: 10,
        lowerBoundLabel: 'Not at all likely',
        upperBoundLabel: 'Extremely likely',
        skipSubmitButton: true,
      },
      { id: 'q-reason', type: 'open', question: NPS_FOLLOW_UP, optional: true, buttonText: 'Send' },
    ],
    conditions: {
      url: target === 'page' ? THANK_YOU_PATH : PRODUCT_PATH,
      urlMatchType: 'icontains',
      events: null,
      cancelEvents: null,
      actions: null,
    },
    appearance: { position: 'right', displayThankYouMessage: true, thankYouMessageHeader: 'Thank you!' },
    feature_flag_keys: null,
    linked_flag_key: null,
    targeting_flag_key: null,
    internal_targeting_flag_key: null,
    start_date: '2026-01-01T00:00:00Z',
    end_date: null,
    current_iteration: null,
    current_iteration_start_date: null,
    schedule: 'once',
    enable_partial_responses: false,
  };
}
