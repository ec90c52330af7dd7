import type { Traits } from '@loupe/shared';

// Who the seeded visitors are: some are the shop's customers, who sign in and are identified
// (`loupe('identify', id, traits)`), the rest stay anonymous. A customer's id and traits follow
// from the visitor id alone, so a returning visitor is the same customer with the same plan.
// Plans differ in how their customers feel, as they do in real CX data, so the segment filters
// have a story to tell: pro and team customers score higher than free ones, and returning
// visitors a little higher than new ones.

export interface SeedCustomer {
  /** The shop's own pseudonymous id (`cus_…`), never a name or an e-mail. */
  id: string;
  traits: Traits;
}

const PLANS = ['free', 'pro', 'team'] as const;
type Plan = (typeof PLANS)[number];
const COUNTRIES = ['US', 'GB', 'DE', 'FR', 'ES', 'PT', 'JP', 'BR'] as const;

/** FNV-1a: a stable 32-bit hash of the visitor id, the customer's every attribute drawn from it. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** The share of visitors (with a visitor id) who have an account with the shop. */
const CUSTOMER_SHARE = 0.45;
/** The chance that a customer's visit is signed in (the rest browse without signing in). */
export const SIGNED_IN_SHARE = 0.7;

/** The customer behind a visitor id, or undefined for a visitor without an account. */
export function customerOf(visitorId: string): SeedCustomer | undefined {
  const h = hash(visitorId);
  if ((h % 1000) / 1000 >= CUSTOMER_SHARE) return undefined;
  const p = (h >>> 10) % 100;
  const plan: Plan = p < 55 ? 'free' : p < 85 ? 'pro' : 'team';
  const business = plan === 'team' || (plan === 'pro' && ((h >>> 17) & 1) === 1);
  return {
    id: `cus_${(h >>> 0).toString(36)}`,
    traits: {
      plan,
      customerType: business ? 'business' : 'consumer',
      country: COUNTRIES[(h >>> 20) % COUNTRIES.length]!,
      // A number trait, as sites send them: years as a customer (filters read it as text, `3`).
      years: 1 + ((h >>> 24) % 6),
    },
  };
}

const PLAN_LIFT: Record<Plan, number> = { free: -0.05, pro: 0.07, team: 0.05 };

/**
 * How much happier than the average visitor this session's is, as a share of the score's range:
 * by the customer's plan (anonymous: none), and returning visitors a little more.
 */
export function scoreLift(customer: SeedCustomer | undefined, returning: boolean): number {
  const plan = customer?.traits.plan as Plan | undefined;
  return (plan ? PLAN_LIFT[plan] : 0) + (returning ? 0.04 : 0);
}
