import type { StackFrame } from '@loupe/shared';
import { weighted, zipf } from './seed-random.js';

// What the seeded site looks like: an online shop with a blog and a help centre. Friction is
// concentrated where it is on real shops (checkout, search), so the friction insight has a story.

export interface PageSpec {
  path: string;
  /** Chance that a frustrated session meets friction on this page. */
  friction: number;
  /** Slower pages have larger Web Vitals. */
  weight: number;
  selectors: readonly string[];
}

const COMMON_SELECTORS = ['#nav-home', 'a.nav-link', '#search-input', 'button.menu-toggle', 'footer a'];
const page = (path: string, friction: number, weight: number, selectors: string[] = []): PageSpec => ({
  path,
  friction,
  weight,
  selectors: [...selectors, ...COMMON_SELECTORS],
});

export const PAGES: PageSpec[] = [
  page('/', 0.05, 1, ['[data-testid="hero-cta"]', '.promo-banner']),
  page('/pricing', 0.1, 1, ['[data-testid="plan-pro"]', '[data-testid="plan-team"]']),
  ...Array.from({ length: 12 }, (_, i) =>
    page(`/product/${i + 1}`, 0.12, 1.3, [
      '[data-testid="add-to-cart"]',
      '.gallery-next',
      '[data-testid="size-select"]',
    ]),
  ),
  page('/cart', 0.2, 1.1, ['[data-testid="apply-coupon"]', '[data-testid="checkout"]', '.qty-plus']),
  page('/checkout', 0.45, 1.4, ['[data-testid="pay-now"]', '[data-testid="apply-coupon"]', '#card-number']),
  page('/checkout/payment', 0.35, 1.5, ['[data-testid="confirm-payment"]', '#billing-same']),
  page('/checkout/done', 0.02, 1, ['[data-testid="track-order"]']),
  page('/search', 0.3, 1.2, ['.result-item', '[data-testid="filter-apply"]', '.pagination-next']),
  page('/signup', 0.15, 1, ['[data-testid="signup-submit"]', '#email']),
  page('/login', 0.1, 1, ['[data-testid="login-submit"]']),
  page('/account', 0.1, 1.1, ['[data-testid="save-profile"]']),
  page('/support', 0.08, 1, ['[data-testid="open-chat"]', '.faq-toggle']),
  page('/support/contact', 0.25, 1, ['[data-testid="send-message"]']),
  page('/support/returns', 0.2, 1, ['[data-testid="start-return"]']),
  page('/blog', 0.03, 0.9, ['.post-card']),
  ...Array.from({ length: 10 }, (_, i) => page(`/blog/post-${i + 1}`, 0.03, 0.9, ['.share-button', '.post-card'])),
  page('/about', 0.02, 0.8),
  page('/docs/shipping', 0.04, 0.9),
];

/** Page groups of the catalogue's pages, read as touchpoints (product pages, checkout, help…). */
export const SEED_PAGE_GROUPS = [
  { name: 'Product pages', match: 'wildcard', pattern: '/product/*' },
  { name: 'Checkout', match: 'wildcard', pattern: '/checkout*' },
  { name: 'Help centre', match: 'prefix', pattern: '/support' },
  { name: 'Blog', match: 'prefix', pattern: '/blog' },
] as const;

export const pickPage = weighted(zipf(PAGES, 0.9));
export const pageByPath = new Map(PAGES.map((p) => [p.path, p]));

export const pickDevice = weighted([
  ['desktop', 55],
  ['mobile', 40],
  ['tablet', 5],
] as const);
export const pickBrowser = weighted([
  ['chrome', 62],
  ['safari', 22],
  ['firefox', 7],
  ['edge', 7],
  ['samsung', 2],
] as const);
export const pickLanguage = weighted([
  ['en', 50],
  ['en-GB', 8],
  ['de', 14],
  ['fr', 10],
  ['es', 8],
  ['ja', 5],
  ['pt-BR', 5],
] as const);

export interface ErrorSpec {
  source: 'error' | 'unhandledrejection' | 'resource';
  errorType: string;
  message: string;
  frames?: StackFrame[];
  resource?: { tag: string; url: string };
}

const frame = (fn: string, file: string, line: number): StackFrame => ({
  fn,
  file: `https://shop.example${file}`,
  line,
  col: 17,
});

export const ERRORS: ErrorSpec[] = [
  {
    source: 'error',
    errorType: 'TypeError',
    message: "Cannot read properties of undefined (reading 'price')",
    frames: [frame('applyCoupon', '/assets/checkout.js', 120), frame('onClick', '/assets/vendor.js', 9)],
  },
  {
    source: 'error',
    errorType: 'TypeError',
    message: 'card.validate is not a function',
    frames: [frame('submitPayment', '/assets/payment.js', 48)],
  },
  {
    source: 'unhandledrejection',
    errorType: 'Error',
    message: 'Request failed with status 502',
    frames: [frame('fetchCart', '/assets/cart.js', 33)],
  },
  { source: 'unhandledrejection', errorType: 'AbortError', message: 'The user aborted a request.' },
  {
    source: 'error',
    errorType: 'ReferenceError',
    message: 'gtag is not defined',
    frames: [frame('track', '/assets/analytics.js', 5)],
  },
  {
    source: 'error',
    errorType: 'RangeError',
    message: 'Invalid array length',
    frames: [frame('renderResults', '/assets/search.js', 210)],
  },
  {
    source: 'error',
    errorType: 'SyntaxError',
    message: 'Unexpected token < in JSON at position 0',
    frames: [frame('parseFilters', '/assets/search.js', 77)],
  },
  { source: 'error', errorType: 'TypeError', message: 'Failed to fetch' },
  {
    source: 'error',
    errorType: 'Error',
    message: 'Stock check timed out after 8000 ms',
    frames: [frame('checkStock', '/assets/product.js', 61)],
  },
  {
    source: 'resource',
    errorType: 'ResourceError',
    message: 'Failed to load IMG',
    resource: { tag: 'IMG', url: 'https://cdn.shop.example/img/hero.webp' },
  },
  {
    source: 'resource',
    errorType: 'ResourceError',
    message: 'Failed to load SCRIPT',
    resource: { tag: 'SCRIPT', url: 'https://widgets.example/chat.js' },
  },
];
export const pickError = weighted(zipf(ERRORS, 0.8));

export const GOALS = { product: 'add_to_cart', '/signup': 'signup', '/checkout/done': 'purchase' } as const;

export const COMMENTS = {
  detractor: [
    'Checkout kept failing when I applied my coupon',
    'The payment button did nothing',
    'Way too slow on my phone',
    'Could not find the return policy anywhere',
    'Search results are useless',
    'Shipping costs only shown at the very end',
    '=HYPERLINK("http://evil.example","click me")',
  ],
  passive: [
    'It was ok',
    'Fine, but the site is a bit slow',
    'Decent prices, clunky checkout',
    '-5% would have been nice',
  ],
  promoter: [
    'Love it!',
    'Fast delivery and easy checkout',
    'Great support team, thanks',
    '+1 would buy again',
    'Super easy',
  ],
} as const;
