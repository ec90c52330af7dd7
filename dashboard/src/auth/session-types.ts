import type { MeResponse, Site, UserRole } from '@loupe/shared';

// The session answers of the auth routes, as the dashboard reads them (types only: zod stays out).

export type Role = UserRole;
/** A site as GET /v1/auth/me lists it, with its time zone (IANA, default UTC). */
export type DashboardSite = Site;
/** GET /v1/auth/me */
export type Me = MeResponse;
