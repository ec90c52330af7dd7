/**
 * A UUIDv7 (RFC 9562 §5.7) for event ids: 48 bits of Unix ms, then random bits, so ids arrive
 * roughly in order and the server's id index appends instead of splitting random pages (the
 * ingest benchmark: v4 ids doubled the write cost). The server stores each id once, so retries
 * are safe. `getRandomValues` works on plain-http pages too (`randomUUID` needs a secure context).
 */
export function uuid(now = Date.now()): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 15) | 112; // version 7
  b[8] = (b[8]! & 63) | 128; // variant 10
  const hex = now.toString(16).padStart(12, '0') + Array.from(b, (x) => (x | 256).toString(16).slice(1)).join('').slice(12);
  return hex.replace(/(.{8})(.{4})(.{4})(.{4})/, '$1-$2-$3-$4-');
}
