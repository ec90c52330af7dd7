// The one table of scrubbing cases. The shared unit test runs it against scrubText/scrubUrl, the
// server's test through /v1/collect into the database, and the widget's browser test through the
// built widget.js onto the wire: all three must give exactly these answers.

export interface ScrubCase {
  /** How the input is read: free text (messages, titles, property values) or a URL or path. */
  as: 'text' | 'url';
  input: string;
  expected: string;
}

const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJlLXZhbHVl';

const text = (input: string, expected = input): ScrubCase => ({ as: 'text', input, expected });
const url = (input: string, expected = input): ScrubCase => ({ as: 'url', input, expected });

export const SCRUB_CASES: ScrubCase[] = [
  // Emails, also percent-encoded and upper-case.
  text('mail jane.doe+shop@mail.example.co.uk now', 'mail [email] now'),
  text('to=jane%40mail.example', 'to=[email]'),
  text('JANE.ROE@MAIL.EXAMPLE', '[email]'),

  // Card numbers: Luhn-valid, grouped as printed or not.
  text('card 4111 1111 1111 1111.', 'card [card].'),
  text('card 4111-1111-1111-1111', 'card [card]'),
  text('5500005555555559', '[card]'),
  text('amex 3782 822463 10005', 'amex [card]'),
  // ... followed or preceded by other digits, a date or an address.
  text('4111 1111 1111 1111 123', '[card] 123'),
  text('card 4111 1111 1111 1111 12/27', 'card [card] 12/27'),
  text('4111-1111-1111-1111 203.0.113.77', '[card] [ip]'),
  text('ref 123 4111 1111 1111 1111', 'ref 123 [card]'),
  text('cardno4111111111111111', 'cardno[card]'),
  // ... and digit runs that are not cards.
  text('order 4111 1111 1111 1112', 'order 4111 1111 1111 1112'), // fails Luhn
  text('at 1764000000000 ms'), // passes Luhn, but an epoch millisecond: no issuer starts with 1
  text('pages 2 3 4 5 6 7 8 9 10 11 12 13'), // passes Luhn, but cards are printed in groups of 3+
  text('tel 0123456789'),
  text('Error 404 at line 12'),
  text('2024-12-27 10:30:45'),
  // A UUID's digit groups may pass Luhn (53454-4724-4116): a UUID is an id, kept whole.
  text('session 08f53454-4724-4116-ac74-69261ee72681'),
  text('08F53454-4724-4116-AC74-69261EE72681'),
  // ... but a card beside one is still a card.
  text('08f53454-4724-4116-ac74-69261ee72681 4111 1111 1111 1111', '08f53454-4724-4116-ac74-69261ee72681 [card]'),

  // Tokens and addresses.
  text(`Bearer ${JWT} rejected`, 'Bearer [redacted] rejected'),
  text('from 198.51.100.23 via proxy', 'from [ip] via proxy'),
  text('v6 2001:db8:85a3::8a2e:370:7334 here', 'v6 [ip] here'),
  text('link-local fe80::1%eth0', 'link-local [ip]%eth0'),
  text('version 1.2.3 at 12:30'),

  // URLs inside text keep their shape, without their secrets.
  text(
    'Failed to fetch https://api.example/v1?access_token=abc123&page=2: 401',
    'Failed to fetch https://api.example/v1?access_token=[redacted]&page=2: 401',
  ),
  text('see https://admin:hunter2@shop.example/x', 'see https://[redacted]@shop.example/x'),

  // What percent-encoding hides.
  text('q=card%204111%201111%201111%201111', 'q=card [card]'),
  text(`token%20${JWT}`, 'token [redacted]'),

  // Ordinary text is left alone.
  text('TypeError: Cannot read properties of undefined (reading "price")'),
  text('Lỗi thanh toán — ลองอีกครั้ง 🙂'),

  // URLs: secret parameters in the query, the fragment and the path.
  url('https://shop.example/reset?token=s3cr3t&lang=en', 'https://shop.example/reset?token=[redacted]&lang=en'),
  url(
    '/login?password=hunter2&API_KEY=k&code=xyz&keyword=shoes',
    '/login?password=[redacted]&API_KEY=[redacted]&code=[redacted]&keyword=shoes',
  ),
  url(
    '/reset?Password=hunter2&apiKey=k&session_id=s&sig=x&utm_source=mail',
    '/reset?Password=[redacted]&apiKey=[redacted]&session_id=[redacted]&sig=[redacted]&utm_source=mail',
  ),
  url(
    'https://s3.example/f?X-Amz-Signature=abc&X-Amz-Credential=def&v=1',
    'https://s3.example/f?X-Amz-Signature=[redacted]&X-Amz-Credential=[redacted]&v=1',
  ),
  url(
    'https://app.example/cb#access_token=abc&state=xyz&scope=email',
    'https://app.example/cb#access_token=[redacted]&state=[redacted]&scope=email',
  ),
  url('/cart;jsessionid=0A1B2C3D4E5F?item=42', '/cart;jsessionid=[redacted]?item=42'),
  url('/shop;jsessionid=0A1B2C3D4E5F/cart', '/shop;jsessionid=[redacted]/cart'),
  url('/index.php?PHPSESSID=9f8e7d6c5b4a&page=2', '/index.php?PHPSESSID=[redacted]&page=2'),
  url('/list;sort=price;dir=asc'),
  url('/orders/08f53454-4724-4116-ac74-69261ee72681?step=2'), // a UUID in a path is an id, not a card
  url('https://admin:hunter2@shop.example/x', 'https://[redacted]@shop.example/x'),
  // ... and everything text holds, anywhere in the URL.
  url('/users/jane@mail.example/orders?ref=jane%40mail.example', '/users/[email]/orders?ref=[email]'),
  url(`https://app.example/auth/${JWT}/done`, 'https://app.example/auth/[redacted]/done'),
  url('/pay?n=4111111111111111', '/pay?n=[card]'),
  url('/pay?n=4111%201111%201111%201111&exp=12%2F27', '/pay?n=[card]&exp=12/27'),
  url('http://203.0.113.77:8080/admin', 'http://[ip]:8080/admin'),
  url('https://shop.example/products/42?color=red&size=m#reviews'),
  url('/search?q=caf%C3%A9&page=3'),
];
