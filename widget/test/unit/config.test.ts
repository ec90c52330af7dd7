import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { normalizeConfig, optionsFromScript } from '../../src/config.js';

const script = (src: string, data: Record<string, string>, nonce = '') =>
  ({ src, dataset: data, nonce }) as unknown as HTMLScriptElement;

beforeEach(() => {
  vi.stubGlobal('navigator', { languages: ['da-DK', 'en'], language: 'da-DK' });
  vi.stubGlobal('document', { documentElement: { lang: '' } });
});
afterEach(() => vi.unstubAllGlobals());

describe('optionsFromScript', () => {
  it('reads the data-* attributes; the API defaults to the script origin', () => {
    const o = optionsFromScript(
      script(
        'https://loupe.example/widget.js?v=1',
        { key: 'pk_abc', disable: 'clicks, vitals', routing: 'hash', ignoreDnt: '', lang: 'vi' },
        'n0nce',
      ),
    );
    expect(o).toEqual({
      key: 'pk_abc',
      api: 'https://loupe.example',
      disable: ['clicks', 'vitals'],
      hashRouting: true,
      ignoreDnt: true,
      lang: 'vi',
      nonce: 'n0nce',
    });
    expect(
      optionsFromScript(
        script('https://l.example/widget.js', { key: 'pk_a', api: 'https://api.example/loupe/', ignoreDnt: 'false' }),
      ),
    ).toMatchObject({
      api: 'https://api.example/loupe/',
      ignoreDnt: false,
      hashRouting: false,
    });
  });
});

describe('normalizeConfig', () => {
  vi.spyOn(console, 'warn').mockImplementation(() => {});

  it('builds the collect endpoint, keeping a path prefix', () => {
    expect(normalizeConfig({ key: 'pk_a', api: 'https://api.example' })!._endpoint).toBe(
      'https://api.example/v1/collect',
    );
    expect(normalizeConfig({ key: 'pk_a', api: 'https://api.example/loupe/' })!._endpoint).toBe(
      'https://api.example/loupe/v1/collect',
    );
  });

  it("takes the visitor's languages unless the site fixes one", () => {
    expect(normalizeConfig({ key: 'pk_a', api: 'https://a.example' })!._langs).toEqual(['da-DK', 'en']);
    expect(normalizeConfig({ key: 'pk_a', api: 'https://a.example', lang: 'th' })!._langs).toEqual(['th']);
    // The page's own language comes before the browser's; data-lang still wins over both.
    vi.stubGlobal('document', { documentElement: { lang: 'vi' } });
    expect(normalizeConfig({ key: 'pk_a', api: 'https://a.example' })!._langs).toEqual(['vi', 'da-DK', 'en']);
    expect(normalizeConfig({ key: 'pk_a', api: 'https://a.example', lang: 'th' })!._langs).toEqual(['th']);
  });

  it('refuses a missing or secret key (with a dev warning)', () => {
    expect(normalizeConfig({ key: '', api: 'https://a.example' })).toBeUndefined();
    expect(normalizeConfig({ key: 'sk_secret', api: 'https://a.example' })).toBeUndefined();
    expect(normalizeConfig({ api: 'https://a.example' } as never)).toBeUndefined();
    expect(console.warn).toHaveBeenCalled();
  });
});
