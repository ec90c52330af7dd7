import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../src/app.js';
import { loadConfig } from '../src/config.js';

const ADMIN = { authorization: 'Bearer test-admin-token-0123456789' };

describe('every 4xx/5xx is application/problem+json with a stable code', () => {
  let app: App;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'loupe-problem-'));
    const config = loadConfig({
      LOUPE_DB: path.join(dir, 'loupe.db'),
      LOUPE_ADMIN_TOKEN: 'test-admin-token-0123456789',
      LOUPE_WIDGET_DIR: path.join(dir, 'no-widget'),
    });
    app = await buildApp({ config, logger: false });
    // A route that fails the way a bug would: its message must not reach the client.
    app.get('/test/boom', async () => {
      throw new Error('database password is hunter2');
    });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ['unknown route', { method: 'GET' as const, url: '/v2/nothing' }, 404, 'not_found'],
    ['unknown method', { method: 'DELETE' as const, url: '/healthz' }, 404, 'not_found'],
    ['missing token', { method: 'GET' as const, url: '/v1/sites' }, 401, 'unauthorized'],
    [
      'invalid body',
      { method: 'POST' as const, url: '/v1/sites', headers: ADMIN, payload: { name: 1 } },
      400,
      'validation_failed',
    ],
    [
      'body over the limit',
      {
        method: 'POST' as const,
        url: '/v1/sites',
        headers: { ...ADMIN, 'content-type': 'application/json' },
        payload: `{"name":"${'x'.repeat(1_100_000)}"}`,
      },
      413,
      'body_too_large',
    ],
    [
      'prototype poisoning',
      {
        method: 'POST' as const,
        url: '/v1/sites',
        headers: { ...ADMIN, 'content-type': 'application/json' },
        payload: '{"name":"a","__proto__":{"x":1}}',
      },
      400,
      'malformed_body',
    ],
    ['widget not built', { method: 'GET' as const, url: '/widget.js' }, 503, 'widget_not_built'],
    ['internal error', { method: 'GET' as const, url: '/test/boom' }, 500, 'internal_error'],
  ])('%s → %i %s', async (_label, request, status, code) => {
    const res = await app.inject(request);
    expect(res.statusCode).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const body = res.json();
    expect(body).toMatchObject({ status, code, type: `https://loupe.dev/problems/${code}` });
    expect(typeof body.title).toBe('string');
    expect(res.body).not.toContain('hunter2');
  });
});
