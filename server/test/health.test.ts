import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/test-app.js';

describe('health and unknown routes', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('answers /healthz when the database answers, with the ingest writer thread up and its queue', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok', writer: { state: 'up', queuedRows: 0, inFlightRows: 0 } });
  });

  it('answers 503 with the same body once the ingest writer is gone', async () => {
    const own = await createTestApp();
    await own.app.ingestWriter.close();
    const res = await own.app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ status: 'unavailable', writer: { state: 'gone', queuedRows: 0 } });
    await own.close();
  });

  it('reports the in-process writer of an in-memory database as up', async () => {
    const mem = await createTestApp({ LOUPE_DB: ':memory:' });
    const res = await mem.app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json().writer).toEqual({ state: 'up', queuedRows: 0, inFlightRows: 0 });
    await mem.close();
  });

  it('answers an unknown route with problem+json 404', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/nope?secret=1' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ status: 404, code: 'not_found', instance: '/nope' });
  });
});
