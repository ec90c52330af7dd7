import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 8787, host: '127.0.0.1', trustProxy: false, adminToken: undefined });
    expect(c.dbPath.endsWith('data/loupe.db')).toBe(true);
    // The demo is npm start's (scripts/start.mjs sets LOUPE_DEMO); the server alone is production.
    expect(c.demo).toBe(false);
    expect(loadConfig({ LOUPE_DEMO: 'true' }).demo).toBe(true);
  });

  it('parses trustProxy forms', () => {
    expect(loadConfig({ LOUPE_TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ LOUPE_TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ LOUPE_TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' }).trustProxy).toEqual(['10.0.0.0/8', '127.0.0.1']);
  });

  it('takes only plain decimal numbers: no empty value, exponent, hex, sign, fraction or padding', () => {
    for (const PORT of ['', ' ', '1e3', '0x50', '0b1', '+80', '-1', '80.0', ' 80', '80 ', '８０', '65536']) {
      expect(() => loadConfig({ PORT }), JSON.stringify(PORT)).toThrow(/PORT: .*decimal/);
    }
    expect(loadConfig({ PORT: '0' }).port).toBe(0);
    expect(loadConfig({ PORT: '080' }).port).toBe(80);
    expect(loadConfig({ PORT: '65535' }).port).toBe(65_535);
    // Every numeric variable is read the same way.
    expect(() => loadConfig({ LOUPE_RATE_LIMIT_MAX: '1e3' })).toThrow(/LOUPE_RATE_LIMIT_MAX: .*decimal/);
    expect(() => loadConfig({ LOUPE_WRITER_MAX_DELAY_MS: '' })).toThrow(/LOUPE_WRITER_MAX_DELAY_MS/);
  });

  it('takes the slow-client limits, refusing a headers timeout longer than the request timeout', () => {
    expect(loadConfig({}).connections).toEqual({
      requestTimeoutMs: 30_000,
      headersTimeoutMs: 10_000,
      keepAliveTimeoutMs: 5_000,
      maxRequestsPerSocket: 1000,
      maxConnections: 1000,
    });
    expect(() => loadConfig({ LOUPE_REQUEST_TIMEOUT_MS: '5000', LOUPE_HEADERS_TIMEOUT_MS: '6000' })).toThrow(
      /LOUPE_HEADERS_TIMEOUT_MS: must not be longer than LOUPE_REQUEST_TIMEOUT_MS/,
    );
  });

  it('reports every bad variable at once', () => {
    const bad = () => loadConfig({ PORT: 'eighty', LOUPE_ADMIN_TOKEN: 'short', LOUPE_TRUST_PROXY: 'yes please' });
    expect(bad).toThrow(ConfigError);
    try {
      bad();
    } catch (e) {
      const msg = (e as Error).message;
      expect(msg).toContain('PORT');
      expect(msg).toContain('LOUPE_ADMIN_TOKEN');
      expect(msg).toContain('LOUPE_TRUST_PROXY');
    }
  });

  it('takes the first owner as both LOUPE_OWNER_EMAIL and LOUPE_OWNER_PASSWORD, checked, never echoing the password', () => {
    expect(loadConfig({}).owner).toBeUndefined();
    expect(
      loadConfig({ LOUPE_OWNER_EMAIL: ' Ann@Shop.example', LOUPE_OWNER_PASSWORD: 'a long enough passphrase' }).owner,
    ).toEqual({
      email: 'ann@shop.example',
      password: 'a long enough passphrase',
    });
    expect(loadConfig({ LOUPE_OWNER_EMAIL: '', LOUPE_OWNER_PASSWORD: '' }).owner).toBeUndefined();
    expect(() => loadConfig({ LOUPE_OWNER_EMAIL: 'ann@shop.example' })).toThrow(/LOUPE_OWNER_PASSWORD: set both/);
    expect(() =>
      loadConfig({ LOUPE_OWNER_EMAIL: 'not an email', LOUPE_OWNER_PASSWORD: 'a long enough passphrase' }),
    ).toThrow(/LOUPE_OWNER_EMAIL/);
    try {
      loadConfig({ LOUPE_OWNER_EMAIL: 'ann@shop.example', LOUPE_OWNER_PASSWORD: 'hunter2' });
      expect.unreachable();
    } catch (e) {
      expect((e as Error).message).toMatch(/LOUPE_OWNER_PASSWORD: must be at least 10 characters/);
      expect((e as Error).message).not.toContain('hunter2');
    }
  });

  it('takes the webhook settings: private addresses off by default, a 32-byte base64 key, an http(s) public URL', () => {
    expect(loadConfig({}).webhooks).toEqual({ allowPrivate: false, concurrency: 8, encryptionKey: undefined });
    expect(loadConfig({}).publicUrl).toBeUndefined();
    expect(loadConfig({ LOUPE_WEBHOOK_ALLOW_PRIVATE: 'true' }).webhooks.allowPrivate).toBe(true);
    const key = Buffer.alloc(32, 7).toString('base64');
    expect(loadConfig({ LOUPE_ENCRYPTION_KEY: key }).webhooks.encryptionKey).toEqual(Buffer.alloc(32, 7));
    for (const bad of ['short', Buffer.alloc(16).toString('base64'), `${key}!`]) {
      expect(() => loadConfig({ LOUPE_ENCRYPTION_KEY: bad })).toThrow(/LOUPE_ENCRYPTION_KEY: must be 32 random bytes/);
    }
    expect(loadConfig({ LOUPE_PUBLIC_URL: 'https://loupe.example/' }).publicUrl).toBe('https://loupe.example');
    expect(() => loadConfig({ LOUPE_PUBLIC_URL: 'loupe.example' })).toThrow(/LOUPE_PUBLIC_URL/);
    expect(() => loadConfig({ LOUPE_WEBHOOK_CONCURRENCY: '0' })).toThrow(/LOUPE_WEBHOOK_CONCURRENCY/);
  });
});
