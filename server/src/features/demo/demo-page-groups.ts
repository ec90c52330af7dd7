import type { PageGroupInput } from '@loupe/shared';

/** The demo shop's touchpoints: its product pages and its checkout, as an owner would name them. */
export const DEMO_PAGE_GROUPS: PageGroupInput[] = [
  { name: 'Product pages', match: 'wildcard', pattern: '/demo/product*' },
  { name: 'Cart', match: 'exact', pattern: '/demo/cart.html' },
  { name: 'Checkout', match: 'wildcard', pattern: '/demo/checkout*' },
];
