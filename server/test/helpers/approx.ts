import { expect } from 'vitest';

/**
 * Deep equality where numbers may differ by `eps` (the API rounds percentages to two decimals;
 * a reference computed in another order can land on the other side of a rounding boundary).
 */
export function expectApprox(actual: unknown, expected: unknown, eps = 0.011, path = '$'): void {
  if (typeof expected === 'number' && typeof actual === 'number') {
    expect(Math.abs(actual - expected), `${path}: ${actual} vs ${expected}`).toBeLessThanOrEqual(eps);
    return;
  }
  if (Array.isArray(expected)) {
    expect(Array.isArray(actual), `${path} is an array`).toBe(true);
    expect((actual as unknown[]).length, `${path}.length`).toBe(expected.length);
    expected.forEach((e, i) => {
      expectApprox((actual as unknown[])[i], e, eps, `${path}[${i}]`);
    });
    return;
  }
  if (expected !== null && typeof expected === 'object') {
    expect(actual !== null && typeof actual === 'object', `${path} is an object`).toBe(true);
    const a = actual as Record<string, unknown>;
    expect(Object.keys(a).sort(), `${path} keys`).toEqual(Object.keys(expected).sort());
    for (const [k, v] of Object.entries(expected)) expectApprox(a[k], v, eps, `${path}.${k}`);
    return;
  }
  expect(actual, path).toEqual(expected);
}
