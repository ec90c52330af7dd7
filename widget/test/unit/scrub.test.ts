import { describe, expect, it } from 'vitest';
import { clip, scrubText, scrubUrl } from '../../src/scrub.js';

describe('scrubText', () => {
  it('replaces emails, also URL-encoded ones', () => {
    expect(scrubText('mail jane.doe+x@mail.example.co.uk now')).toBe('mail [email] now');
    expect(scrubText('?to=jane%40example.com')).toBe('?to=[email]');
  });
  it('replaces Luhn-valid card numbers, grouped or not, and keeps other digit runs', () => {
    expect(scrubText('card 4111 1111 1111 1111.')).toBe('card [card].');
    expect(scrubText('card 4111-1111-1111-1111')).toBe('card [card]');
    expect(scrubText('5500005555555559')).toBe('[card]');
    expect(scrubText('order 4111111111111112')).toBe('order 4111111111111112'); // fails Luhn
    expect(scrubText('tel 0123456789')).toBe('tel 0123456789'); // too short
  });
});

describe('scrubUrl', () => {
  it('redacts credential-looking parameters in the query and the fragment', () => {
    expect(scrubUrl('https://x.test/cb?code=abc&state=1#access_token=t0k&id_token=j.w.t')).toBe(
      'https://x.test/cb?code=[redacted]&state=1#access_token=[redacted]&id_token=[redacted]',
    );
    expect(scrubUrl('/reset?Password=hunter2&apiKey=k&session_id=s&sig=x&utm_source=mail')).toBe(
      '/reset?Password=[redacted]&apiKey=[redacted]&session_id=[redacted]&sig=[redacted]&utm_source=mail',
    );
  });
  it('scrubs emails in paths and values', () => {
    expect(scrubUrl('https://x.test/users/jane@example.com/edit?ref=a%40b.io')).toBe('https://x.test/users/[email]/edit?ref=[email]');
  });
  it('leaves ordinary URLs alone', () => {
    const url = 'https://shop.example/cart?item=42&qty=2#reviews';
    expect(scrubUrl(url)).toBe(url);
  });
});

describe('clip', () => {
  it('cuts to the limit and turns empty into undefined (so the member is omitted)', () => {
    expect(clip('abcdef', 3)).toBe('abc');
    expect(clip('', 3)).toBeUndefined();
    expect(clip(null, 3)).toBeUndefined();
  });
});
