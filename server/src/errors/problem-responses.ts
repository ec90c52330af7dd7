import { problemSchema } from '@loupe/shared';

// Registered under an id so the OpenAPI document has one `Problem` component, referenced by each use.
const problem = problemSchema.meta({ id: 'Problem', description: 'RFC 9457 problem details' });

const problemResponse = {
  description: 'RFC 9457 problem details with a stable `code`',
  content: { 'application/problem+json': { schema: problem } },
};

/**
 * Response schemas for the error statuses a route can answer, so the OpenAPI document shows the
 * problem+json body for each. The one error handler produces these; this only describes them.
 */
export function problemResponses<const S extends number>(...statuses: S[]): Record<S, typeof problemResponse> {
  return Object.fromEntries(statuses.map((s) => [s, problemResponse])) as Record<S, typeof problemResponse>;
}
