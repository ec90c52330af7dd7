/**
 * A v4 UUID for event ids (the server stores each id once, so retries are safe).
 * `crypto.randomUUID` exists only in secure contexts; plain-http sites get the
 * `getRandomValues` fallback (available everywhere): each 0/1/8 of the template becomes a
 * random hex digit, keeping the version (4) and variant (8–b) nibbles valid.
 */
export function uuid(): string {
  return crypto.randomUUID
    ? crypto.randomUUID()
    : '10000000-1000-4000-8000-100000000000'.replace(/[018]/g, (c) =>
        (+c ^ (crypto.getRandomValues(new Uint8Array(1))[0]! & (15 >> (+c / 4)))).toString(16),
      );
}
