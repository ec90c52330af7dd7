import { z } from 'zod';
import { emailSchema, newPasswordSchema, USER_ROLES, userSchema } from './auth.js';
import { MAX_ID_LENGTH } from './constants.js';

// Managing the dashboard's people over HTTP (owners only): the same operations as the user CLI.
// GET/POST /v1/users, DELETE /v1/users/:userId, PUT /v1/users/:userId/password,
// PUT/DELETE /v1/users/:userId/sites/:siteId.

const siteIdsSchema = z
  .array(z.string().min(1).max(MAX_ID_LENGTH))
  .max(1000)
  .meta({ description: 'For viewers: the sites they may read. Owners see every site and take none.' });

export const userListingSchema = userSchema
  .extend({
    sites: z.array(z.string()).meta({ description: 'Sites granted to a viewer (owners see every site: empty)' }),
    createdAt: z.string(),
  })
  .meta({ id: 'UserListing' });
export type UserListing = z.infer<typeof userListingSchema>;

export const userListSchema = z.object({ users: z.array(userListingSchema) });
export type UserList = z.infer<typeof userListSchema>;

/** An invitation is an account: the owner chooses a first password and passes it on. */
export const createUserBodySchema = z
  .strictObject({
    email: emailSchema,
    role: z.enum(USER_ROLES),
    password: newPasswordSchema,
    siteIds: siteIdsSchema.default([]),
  })
  .superRefine((b, ctx) => {
    if (b.role === 'owner' && b.siteIds.length > 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['siteIds'],
        message: 'owners see every site: grant sites to viewers only',
      });
    }
  });
export type CreateUserBody = z.input<typeof createUserBodySchema>;

/** Resets a password: every session of that user ends. */
export const setPasswordBodySchema = z.strictObject({ password: newPasswordSchema });
export type SetPasswordBody = z.input<typeof setPasswordBodySchema>;
