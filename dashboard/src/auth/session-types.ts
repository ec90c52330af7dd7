import type { Site } from '@loupe/shared';

// The session answers of the auth routes, as the dashboard reads them.

export type Role = 'owner' | 'viewer';

/** A site as GET /v1/auth/me lists it: the site's settings and its time zone (IANA, default UTC). */
export type DashboardSite = Omit<Site, 'createdAt'> & { createdAt?: string; timeZone?: string };

/** GET /v1/auth/me */
export interface Me {
  user: { userId: string; email: string; role: Role };
  sites: DashboardSite[];
}
