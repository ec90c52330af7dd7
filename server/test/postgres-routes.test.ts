import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { errorHandlerPlugin } from '../src/plugins/error-handler.js';
import { postgresRoutesPlugin } from '../src/plugins/postgres-routes.js';

// The guard for a route added later: on PostgreSQL, a route not in POSTGRES_ROUTES answers 501
// problem+json before its handler runs; on SQLite it is served. (Every route the server registers
// today is served there: postgres-parity.test.ts checks that.)

async function appOn(kind: 'sqlite' | 'postgres'): Promise<{ app: FastifyInstance; ran: string[] }> {
  const app = Fastify();
  const ran: string[] = [];
  app.decorate('config', { database: { kind } } as never);
  await app.register(errorHandlerPlugin);
  await app.register(postgresRoutesPlugin);
  app.get('/v1/metrics/overview', async () => {
    ran.push('served');
    return { ok: true };
  });
  app.post('/v1/not-yet-ported', async () => {
    ran.push('unported');
    return { ok: true };
  });
  await app.ready();
  return { app, ran };
}

describe('routes not served on PostgreSQL', () => {
  let app: FastifyInstance | undefined;
  afterEach(async () => {
    await app?.close();
  });

  it('answers 501 not_on_postgres for an unlisted route, never running its handler, and lists it', async () => {
    const built = await appOn('postgres');
    app = built.app;
    const refused = await app.inject({ method: 'POST', url: '/v1/not-yet-ported', payload: {} });
    expect(refused.statusCode).toBe(501);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.json()).toMatchObject({ code: 'not_on_postgres' });
    expect(app.routesNotOnPostgres).toEqual(['POST /v1/not-yet-ported']);
    // A listed route, and the HEAD of a listed GET, are served.
    expect((await app.inject({ url: '/v1/metrics/overview' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'HEAD', url: '/v1/metrics/overview' })).statusCode).toBe(200);
    expect(built.ran).toEqual(['served', 'served']);
  });

  it('serves every route on SQLite', async () => {
    const built = await appOn('sqlite');
    app = built.app;
    expect((await app.inject({ method: 'POST', url: '/v1/not-yet-ported', payload: {} })).statusCode).toBe(200);
    expect(app.routesNotOnPostgres).toEqual([]);
  });
});
