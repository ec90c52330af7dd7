import { api } from '../api/api-client.js';
import type { Me } from './session-types.js';

export const fetchMe = (signal?: AbortSignal) => api<Me>('/v1/auth/me', { signal, expectUnauthorized: true });

export const login = (email: string, password: string) =>
  api<void>('/v1/auth/login', { method: 'POST', body: { email, password }, expectUnauthorized: true });

export const logout = () => api<void>('/v1/auth/logout', { method: 'POST', body: {}, expectUnauthorized: true });

export const setupNeeded = () => api<{ needed: boolean }>('/v1/auth/setup', { expectUnauthorized: true });

export const completeSetup = (token: string, email: string, password: string) =>
  api<void>('/v1/auth/setup', { method: 'POST', body: { token, email, password }, expectUnauthorized: true });
