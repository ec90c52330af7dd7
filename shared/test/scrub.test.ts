import { describe, expect, it } from 'vitest';
import { scrubText, scrubUrl } from '../src/scrub.js';

describe('scrubText', () => {
  it('replaces emails, also percent-encoded ones', () => {
    expect(scrubText('Contact jane.doe+shop@mail.example.co.uk now')).toBe('Contact [email] now');
    expect(scrubText('to=jane%40mail.example')).toBe('to=[email]');
  });

  it('replaces card numbers that pass Luhn, grouped or not', () => {
    expect(scrubText('card 4111 1111 1111 1111 declined')).toBe('card [card] declined');
    expect(scrubText('card 4111-1111-1111-1111')).toBe('card [card]');
    expect(scrubText('amex 378282246310005')).toBe('amex [card]');
  });

  it('keeps digit runs that are not cards', () => {
    // Fails Luhn.
    expect(scrubText('order 4111 1111 1111 1112')).toBe('order 4111 1111 1111 1112');
    // Epoch milliseconds start with 1, which no card issuer uses.
    expect(scrubText('at 1764000000000 ms')).toBe('at 1764000000000 ms');
    expect(scrubText('Error 404 at line 12')).toBe('Error 404 at line 12');
  });

  it('replaces JSON Web Tokens', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJlLXZhbHVl';
    expect(scrubText(`Bearer ${jwt} rejected`)).toBe('Bearer [redacted] rejected');
  });

  it('scrubs URLs embedded in messages', () => {
    expect(scrubText('Failed to fetch https://api.example/v1?access_token=abc123&page=2: 401')).toBe(
      'Failed to fetch https://api.example/v1?access_token=[redacted]&page=2: 401',
    );
  });

  it('leaves ordinary text alone', () => {
    const s = 'TypeError: Cannot read properties of undefined (reading "price")';
    expect(scrubText(s)).toBe(s);
  });
});

describe('scrubUrl', () => {
  it('blanks secret-looking query parameters and keeps the rest', () => {
    expect(scrubUrl('https://shop.example/reset?token=s3cr3t&lang=en')).toBe(
      'https://shop.example/reset?token=[redacted]&lang=en',
    );
    expect(scrubUrl('/login?password=hunter2&API_KEY=k&code=xyz&keyword=shoes')).toBe(
      '/login?password=[redacted]&API_KEY=[redacted]&code=[redacted]&keyword=shoes',
    );
    expect(scrubUrl('https://s3.example/f?X-Amz-Signature=abc&X-Amz-Credential=def&v=1')).toBe(
      'https://s3.example/f?X-Amz-Signature=[redacted]&X-Amz-Credential=[redacted]&v=1',
    );
  });

  it('blanks secrets in the fragment (OAuth implicit flow)', () => {
    expect(scrubUrl('https://app.example/cb#access_token=abc&state=xyz&scope=email')).toBe(
      'https://app.example/cb#access_token=[redacted]&state=[redacted]&scope=email',
    );
  });

  it('blanks credentials in the authority', () => {
    expect(scrubUrl('https://admin:hunter2@shop.example/x')).toBe('https://[redacted]@shop.example/x');
  });

  it('replaces emails and cards in paths and values', () => {
    expect(scrubUrl('/users/jane@mail.example/orders?ref=jane%40mail.example')).toBe(
      '/users/[email]/orders?ref=[email]',
    );
    expect(scrubUrl('/pay?n=4111111111111111')).toBe('/pay?n=[card]');
  });

  it('returns URLs without secrets unchanged', () => {
    const u = 'https://shop.example/products/42?color=red&size=m#reviews';
    expect(scrubUrl(u)).toBe(u);
  });
});
