import fc from 'fast-check';
import { eventSchema } from '@loupe/shared';
import { SCRUB_CASES } from '@loupe/shared/scrub-cases';
import { LIMITS, scrubEvent, scrubMember } from '@loupe/shared/scrub-event';
import { describe, expect, it } from 'vitest';
import { isInert, scrubIngestEvent } from '../src/privacy/scrub-ingest-event.js';

// The server's scrubbing walk skips strings that cannot hold anything to redact. It must give
// exactly what the shared `scrubEvent` gives (the widget's, and the server's before): proved here
// over events made of hostile text (the shared table of scrub cases, card numbers hidden in ids,
// emails, URLs with secrets, lone surrogates, `__proto__` props), valid ones and invalid ones alike.

/** Text that looks like an id but is not safe: digits, dashes, card numbers in UUID clothing. */
const digitsAndDashes = fc.stringMatching(/^[\d-]{0,40}$/);
const token = fc.stringMatching(/^[\w-]{0,80}$/);
const hostile = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.constantFrom(...SCRUB_CASES.map((c) => c.input)),
  fc.uuid(),
  fc.constantFrom('41111111-1111-4111-9111-111111111111', '4111-1111-1111-1111', '5500005555555559', 'en-US'),
  digitsAndDashes,
  token,
  fc.constantFrom('a@b.io', 'https://x.example/p?token=abc#code=1', '/cart;jsessionid=9', '10.0.0.1', 'fe80::1'),
);
const members = fc.constantFrom(...Object.keys(LIMITS), 'type', 'kind', 'source', 'rating', 'nav', 'device', 'props');

describe('the server scrubbing walk', () => {
  it('leaves only strings the shared scrubber would leave unchanged', () => {
    fc.assert(
      fc.property(fc.oneof(hostile, token, digitsAndDashes), members, (text, member) => {
        if (isInert(text, member)) expect(scrubMember(text, member)).toBe(text);
      }),
      { numRuns: 5000 },
    );
    // The UUID that is a card number is not inert; an ordinary UUID is.
    expect(isInert('41111111-1111-4111-9111-111111111111', 'sessionId')).toBe(false);
    expect(isInert('0b6f3c3e-4a8e-4f7b-9b1e-2f6f0d1c9a77', 'sessionId')).toBe(true);
  });

  it('gives exactly what scrubEvent gives, for every event the schema accepts', () => {
    const base = {
      id: fc.uuid(),
      ts: fc.nat(),
      sessionId: hostile,
      visitorId: fc.option(hostile, { nil: undefined }),
      url: hostile,
      path: hostile.map((p) => `/${p}`),
      title: fc.option(hostile, { nil: undefined }),
      language: fc.option(hostile, { nil: undefined }),
      referrer: fc.option(hostile, { nil: undefined }),
    };
    const typed = fc.oneof(
      fc.record({ type: fc.constant('pageview'), nav: fc.constantFrom('load', 'push') }),
      fc.record({ type: fc.constant('engagement'), engagedMs: fc.nat(100_000), scrollDepth: fc.nat(100) }),
      fc.record({
        type: fc.constant('click'),
        kind: fc.constantFrom('click', 'rage', 'dead', 'error'),
        selector: hostile,
        tag: hostile,
        text: fc.option(hostile, { nil: undefined }),
        x: fc.nat(2000),
        y: fc.nat(2000),
      }),
      fc.record({
        type: fc.constant('error'),
        source: fc.constantFrom('error', 'rejection', 'resource'),
        errorType: hostile,
        message: hostile,
        frames: fc.option(
          fc.array(fc.record({ fn: hostile, file: hostile, line: fc.nat(), col: fc.nat() }), { maxLength: 3 }),
          { nil: undefined },
        ),
      }),
      fc.record({
        type: fc.constant('vital'),
        name: fc.constantFrom('LCP', 'CLS', 'INP'),
        value: fc.nat(10_000),
        rating: fc.constantFrom('good', 'poor'),
        navigationType: fc.option(hostile, { nil: undefined }),
      }),
      fc.record({
        type: fc.constant('track'),
        name: hostile,
        props: fc.option(
          fc.dictionary(fc.oneof(hostile, fc.constant('__proto__')), fc.oneof(hostile, fc.integer(), fc.boolean()), {
            maxKeys: 4,
          }),
          { nil: undefined },
        ),
      }),
      fc.record({
        type: fc.constant('task'),
        name: hostile,
        action: fc.constantFrom('start', 'success', 'fail'),
      }),
      fc.record({
        type: fc.constantFrom('prompt_shown', 'prompt_dismissed'),
        promptId: hostile,
        displayId: fc.uuid(),
      }),
      fc.record({
        type: fc.constant('response'),
        promptId: hostile,
        displayId: fc.uuid(),
        kind: fc.constant('nps'),
        score: fc.nat(10),
        comment: fc.option(hostile, { nil: undefined }),
      }),
    );
    let accepted = 0;
    fc.assert(
      fc.property(fc.record(base, { requiredKeys: ['id', 'ts', 'sessionId', 'url', 'path'] }), typed, (b, t) => {
        // JSON in and out, as the wire carries it: no undefined members, a `__proto__` prop as a key.
        const wire = JSON.parse(JSON.stringify({ ...b, ...t })) as unknown;
        const parsed = eventSchema.safeParse(wire);
        if (!parsed.success) return;
        accepted += 1;
        const mine = scrubIngestEvent(parsed.data);
        const theirs = scrubEvent(parsed.data);
        expect(mine).toStrictEqual(theirs);
        expect(Object.keys(mine)).toEqual(Object.keys(theirs));
        expect(Object.getPrototypeOf(mine)).toBe(Object.prototype);
        if (parsed.data.type === 'track' && parsed.data.props)
          expect(Object.keys((mine as typeof parsed.data).props!)).toEqual(
            Object.keys((theirs as typeof parsed.data).props!),
          );
      }),
      { numRuns: 3000 },
    );
    // Most generated events are valid: the property is about them, not about rejections.
    expect(accepted).toBeGreaterThan(1000);
  });
});
