import { problemResponses } from '../errors/problem-responses.js';

/**
 * Schema members every read-API route shares: its tag and the error answers. Routes declare
 * `config: { access: 'site' }`; the auth plugin adds the security schemes and `?site=`.
 */
export const readRouteSchema = (tag: string) => ({
  tags: [tag],
});

export const READ_ERRORS = problemResponses(400, 401, 403);
