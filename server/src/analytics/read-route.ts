import { problemResponses } from '../errors/problem-responses.js';
import { SITE_SECRET_SECURITY } from '../plugins/auth.js';

/** Schema members every read-API route shares: its tag, the secret-key lock, the error answers. */
export const readRouteSchema = (tag: string) => ({
  tags: [tag],
  security: SITE_SECRET_SECURITY,
});

export const READ_ERRORS = problemResponses(400, 401, 403);
