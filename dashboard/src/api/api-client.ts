import { ApiError } from './api-error.js';
import { takeEarly } from './early-answers.js';

/** Fired when the API answers 401: the session is gone (logged out elsewhere, expired, forged). */
export const SESSION_LOST = 'loupe:session-lost';
/** Fired when the server cannot be reached or fails (5xx): what is on screen may be out of date. */
export const API_TROUBLE = 'loupe:api-trouble';
/** Fired on every answer that is not a server failure: the trouble, if any, is over. */
export const API_OK = 'loupe:api-ok';

interface Problem {
  code?: string;
  title?: string;
  detail?: string;
  errors?: { path: string; message: string }[];
}

async function toError(res: Response): Promise<ApiError> {
  let problem: Problem = {};
  try {
    problem = (await res.json()) as Problem;
  } catch {
    // Not JSON (a proxy's error page): the status alone tells what happened.
  }
  const retry = Number(res.headers.get('retry-after'));
  return new ApiError(
    res.status,
    problem.code ?? 'http_error',
    problem.detail ?? problem.title ?? `HTTP ${res.status}`,
    problem.errors ?? [],
    Number.isFinite(retry) && retry > 0 ? retry : undefined,
  );
}

export interface ApiRequest {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  body?: unknown;
  signal?: AbortSignal;
  /** Login and setup expect 401 as an answer, not as a lost session. */
  expectUnauthorized?: boolean;
}

/** The HTTP request of every API call: same origin, the session cookie, JSON. */
export function send(path: string, req: ApiRequest = {}): Promise<Response> {
  return fetch(path, {
    method: req.method ?? 'GET',
    credentials: 'same-origin',
    headers: {
      accept: 'application/json',
      ...(req.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: req.body === undefined ? undefined : JSON.stringify(req.body),
    signal: req.signal,
  });
}

/**
 * The dashboard's one way to the API: same origin, the session cookie, JSON in and out. Unsafe
 * methods carry Origin (browsers add it to fetch), which the server checks against CSRF. A GET the
 * boot script already started (api/early-answers.ts) takes that response.
 */
export async function api<T>(path: string, req: ApiRequest = {}): Promise<T> {
  let res: Response;
  try {
    const early = (req.method ?? 'GET') === 'GET' ? takeEarly(path) : undefined;
    res = await (early ?? send(path, req));
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    const error = new ApiError(0, 'network', (err as Error).message);
    window.dispatchEvent(new CustomEvent(API_TROUBLE, { detail: error }));
    throw error;
  }
  window.dispatchEvent(new CustomEvent(res.status >= 500 ? API_TROUBLE : API_OK));
  if (!res.ok) {
    const error = await toError(res);
    if (res.status === 401 && !req.expectUnauthorized) window.dispatchEvent(new CustomEvent(SESSION_LOST));
    throw error;
  }
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

/** `/v1/x?a=1&b=2` from a path and the defined members of a query object, in a stable order. */
export function withQuery(path: string, query: Record<string, string | number | boolean | undefined | null>): string {
  const params = new URLSearchParams();
  for (const key of Object.keys(query).sort()) {
    const v = query[key];
    if (v !== undefined && v !== null && v !== '') params.set(key, String(v));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}
