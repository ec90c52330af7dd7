import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../src/testing/index.js';

// The built server on its first start: a one-time setup link in the banner while no user exists,
// or the owner from LOUPE_OWNER_EMAIL / LOUPE_OWNER_PASSWORD.

let srv: TestServer | undefined;
afterEach(async () => {
  await srv?.dispose();
  srv = undefined;
});

const LINK = /(http:\/\/127\.0\.0\.1:\d+)\/app\/setup#token=([A-Za-z0-9_-]{43})/;

function setupLink(s: TestServer): { base: string; token: string } {
  const m = LINK.exec(s.output());
  if (!m) throw new Error(`no setup link in:\n${s.output()}`);
  return { base: m[1]!, token: m[2]! };
}

const post = (url: string, body: unknown, origin: string) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', origin }, body: JSON.stringify(body) });

describe('first start', () => {
  it('prints a one-time setup link while no user exists; a restart prints a fresh one; it creates the owner once', {
    timeout: 90_000,
  }, async () => {
    srv = await startTestServer();
    const first = setupLink(srv);
    expect(first.base).toBe(srv.url);
    expect(srv.output()).toContain('valid for 24 hours');
    expect(await (await fetch(`${srv.url}/v1/auth/setup`)).json()).toEqual({ needed: true });

    await srv.stop();
    await srv.start();
    const second = setupLink(srv);
    expect(second.token).not.toBe(first.token);

    const owner = { email: 'owner@shop.example', password: 'a long enough passphrase' };
    const stale = await post(`${srv.url}/v1/auth/setup`, { token: first.token, ...owner }, srv.url);
    expect(stale.status).toBe(401);
    const made = await post(`${srv.url}/v1/auth/setup`, { token: second.token, ...owner }, srv.url);
    expect(made.status).toBe(204);
    const cookie = made.headers.get('set-cookie')!.split(';')[0]!;
    const me = await fetch(`${srv.url}/v1/auth/me`, { headers: { cookie } });
    expect(((await me.json()) as { user: unknown }).user).toMatchObject({ email: owner.email, role: 'owner' });

    await srv.stop();
    await srv.start();
    expect(srv.output()).not.toMatch(LINK);
    expect(await (await fetch(`${srv.url}/v1/auth/setup`)).json()).toEqual({ needed: false });
    // The session survived the restart: it lives in the database.
    expect((await fetch(`${srv.url}/v1/auth/me`, { headers: { cookie } })).status).toBe(200);
  });

  it('creates the owner from LOUPE_OWNER_EMAIL and LOUPE_OWNER_PASSWORD instead of printing a link', {
    timeout: 60_000,
  }, async () => {
    srv = await startTestServer({
      env: { LOUPE_OWNER_EMAIL: 'Boss@Shop.example', LOUPE_OWNER_PASSWORD: 'another long passphrase' },
    });
    expect(srv.output()).not.toMatch(LINK);
    expect(srv.output()).toContain('Owner boss@shop.example created from LOUPE_OWNER_EMAIL');
    expect(srv.output()).not.toContain('another long passphrase');
    const login = await post(
      `${srv.url}/v1/auth/login`,
      { email: 'boss@shop.example', password: 'another long passphrase' },
      srv.url,
    );
    expect(login.status).toBe(204);
  });

  it('refuses to start with only one of the two, naming the variable', { timeout: 60_000 }, async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'loupe-first-start-'));
    try {
      const start = startTestServer({
        dbPath: path.join(dir, 'loupe.db'),
        env: { LOUPE_OWNER_EMAIL: 'boss@shop.example' },
      });
      await expect(start).rejects.toThrow(/LOUPE_OWNER_PASSWORD: set both/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
