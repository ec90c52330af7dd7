import { describe, expect, it } from 'vitest';
import { withQuery } from '../../src/api/api-client.js';
import { safeNext } from '../../src/router/safe-next.js';

// The parts of the shell that decide where a link or a request goes.

describe('withQuery', () => {
  it('sorts members, drops empty ones and encodes values', () => {
    expect(withQuery('/v1/x', { b: '2', a: 'é /?&', c: undefined, d: '', e: null, f: 0 })).toBe(
      '/v1/x?a=%C3%A9+%2F%3F%26&b=2&f=0',
    );
    expect(withQuery('/v1/x', {})).toBe('/v1/x');
  });
});

describe('safeNext', () => {
  it.each(['/app/', '/app/scores?site=s_1&period=7d', '/app/responses?site=s&path=%2Fcheckout'])('keeps %s', (next) => {
    expect(safeNext(next)).toBe(next);
  });
  it.each([
    null,
    '',
    'https://evil.example/app/',
    '//evil.example/app/',
    '/app//evil.example',
    '/app/\\evil.example',
    '/demo/',
    'javascript:alert(1)',
    '/app/ x',
  ])('sends %s to the overview', (next) => {
    expect(safeNext(next)).toBe('/app/');
  });
});
