import { api } from '../api/api-client.js';
import type { Me } from './session-types.js';

export const fetchMe = (signal?: AbortSignal) => api<Me>('/v1/auth/me', { signal, expectUnauthorized: true });

/** The session check started before the first render (boot/early-requests.ts), until taken. */
let early: Promise<Me> | undefined;

export function startSessionCheck(): void {
  early = fetchMe();
  // Taken (and its failure handled) by the app's first render; never an unhandled rejection.
  early.catch(() => undefined);
}

/** The early session check if one is under way (once), else a new one. */
export function checkSession(): Promise<Me> {
  const p = early ?? fetchMe();
  early = undefined;
  return p;
}

export const login = (email: string, password: string) =>
  api<void>('/v1/auth/login', { method: 'POST', body: { email, password }, expectUnauthorized: true });

export const logout = () => api<void>('/v1/auth/logout', { method: 'POST', body: {}, expectUnauthorized: true });

export const setupNeeded = () => api<{ needed: boolean }>('/v1/auth/setup', { expectUnauthorized: true });

export const completeSetup = (token: string, email: string, password: string) =>
  api<void>('/v1/auth/setup', { method: 'POST', body: { token, email, password }, expectUnauthorized: true });
