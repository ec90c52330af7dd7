import type { App } from '../../src/app.js';

export type RouteAccess = 'public' | 'admin' | 'secret';

export interface ApiRoute {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** OpenAPI path, e.g. /v1/prompts/{promptId}. */
  path: string;
  access: RouteAccess;
  pathParams: string[];
  queryParams: string[];
  /** JSON schema of the body, when the route takes one. */
  bodySchema: JsonSchema | undefined;
}

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  format?: string;
  pattern?: string;
  additionalProperties?: boolean | JsonSchema;
  $ref?: string;
}

interface Operation {
  security?: Record<string, unknown>[];
  parameters?: { in: string; name: string }[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
}

/**
 * Every route of the app, read from its own /openapi.json, so routes added later by other features
 * are fuzzed and put through the authorisation matrix without touching these tests.
 */
export async function apiRoutes(app: App): Promise<ApiRoute[]> {
  const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json<{
    paths: Record<string, Record<string, Operation>>;
  }>();
  const routes: ApiRoute[] = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const schemes = (op.security ?? []).flatMap((s) => Object.keys(s));
      const params = op.parameters ?? [];
      routes.push({
        method: method.toUpperCase() as ApiRoute['method'],
        path,
        access: schemes.includes('adminToken') ? 'admin' : schemes.includes('secretKey') ? 'secret' : 'public',
        pathParams: params.filter((p) => p.in === 'path').map((p) => p.name),
        queryParams: params.filter((p) => p.in === 'query').map((p) => p.name),
        bodySchema: op.requestBody?.content?.['application/json']?.schema,
      });
    }
  }
  return routes;
}

/** The concrete URL of a route, its path parameters filled from `values` (URL-encoded). */
export function routeUrl(route: ApiRoute, values: Record<string, string>, query = ''): string {
  const path = route.path.replace(/\{(\w+)\}/g, (_m, name: string) => encodeURIComponent(values[name] ?? 'x'));
  return query ? `${path}?${query}` : path;
}
