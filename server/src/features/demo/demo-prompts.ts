import type { PromptDefinitionInput, PromptSettings } from '@loupe/shared';

/** Where the demo shop's pages live on this server (demo-site/public is served under /demo/). */
const home = [
  { match: 'exact', value: '/demo/' },
  { match: 'exact', value: '/demo/index.html' },
] as const;
const checkout = { match: 'prefix', value: '/demo/checkout' } as const;
const cart = { match: 'prefix', value: '/demo/cart' } as const;

/**
 * The prompts the Demo site starts with, in priority order. They are ordinary prompts, created
 * through the prompts store with the same schema as POST /v1/prompts, so a site owner can list,
 * pause or edit them with the secret key. Targeting conditions combine with AND; a visitor sees at
 * most one prompt per session (the widget's rule), so each trigger is tied to distinct pages.
 */
export const DEMO_PROMPTS: readonly PromptDefinitionInput[] = [
  {
    name: 'Home page NPS',
    kind: 'nps',
    texts: {
      en: {
        question: 'How likely are you to recommend Driftwood to a friend?',
        followUp: {
          detractor: 'Sorry to hear that. What should we fix first?',
          passive: 'What would make it a 10?',
          promoter: 'Great! What do you like most?',
        },
        thanks: 'Thank you, that helps a lot.',
      },
    },
    // A visitor who stayed a few seconds and read a quarter of the (long) home page has formed an
    // opinion; someone bouncing off the hero has not.
    targeting: { include: [...home], timeOnPageSeconds: 5, scrollPercent: 25 },
  },
  {
    name: 'Order satisfaction (CSAT)',
    kind: 'csat',
    style: 'stars',
    texts: {
      en: {
        question: 'How satisfied are you with your order experience?',
        followUp: { low: 'What went wrong?', high: 'Anything we could still improve?' },
        thanks: 'Thanks! Your order is on its way.',
      },
    },
    targeting: { include: [{ match: 'prefix', value: '/demo/thank-you' }], afterTrack: ['purchase'], delaySeconds: 2 },
  },
  {
    name: 'Checkout effort (CES)',
    kind: 'ces',
    texts: {
      en: {
        question: 'How easy is it to check out?',
        followUp: { low: 'What is getting in your way?' },
      },
    },
    // Someone still on the checkout after 20 s is working at it: ask how hard it feels.
    targeting: { include: [checkout], timeOnPageSeconds: 20 },
  },
  {
    name: 'Frustration check',
    kind: 'csat',
    style: 'faces',
    texts: {
      en: {
        question: 'Something not working? How is your visit going?',
        followUp: { low: 'Sorry about that. What went wrong?', high: 'Glad to hear it. Anything we could do better?' },
      },
    },
    // After a rage click, dead click or JavaScript error, asked at the till, where a frustrated
    // shopper is about to pay or leave.
    targeting: { include: [cart, checkout], afterFrustration: true, delaySeconds: 1 },
  },
];

/**
 * The demo wants every prompt to be reachable while someone evaluates Loupe, so the cooldown
 * between prompts of different sessions is off; real sites keep the default of 14 days.
 */
export const DEMO_PROMPT_SETTINGS: PromptSettings = { globalCooldownDays: 0, appearance: {} };
