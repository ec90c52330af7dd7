import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const esm = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../dist/esm/index.js');

describe('the ES module build', () => {
  it('can be imported where there is no DOM (server-side rendering), exposing the API', async () => {
    const api = (await import(pathToFileURL(esm).href)) as Record<string, unknown>;
    expect(Object.keys(api).sort()).toEqual([
      'destroy',
      'identify',
      'init',
      'loupe',
      'optIn',
      'optOut',
      'task',
      'track',
    ]);
    // Calling it without a browser must not throw either: it just does nothing.
    expect(() => (api.init as (o: object) => void)({ key: 'pk_test', api: 'https://loupe.example' })).not.toThrow();
    expect(() => (api.track as (n: string) => void)('x')).not.toThrow();
  });
});
