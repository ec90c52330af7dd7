import { describe, expect, it } from 'vitest';
import { keepRefSiblings } from '../src/features/docs/keep-ref-siblings.js';
import { tidyComponents } from '../src/features/docs/tidy-components.js';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const obj = (properties: Record<string, unknown>) => ({ type: 'object', properties });

describe('tidyComponents', () => {
  it('drops what no path reaches, renames an input used alone, merges a pair that is the same', () => {
    const doc = {
      paths: { '/a': { post: { body: ref('EventInput'), answer: [ref('Money'), ref('MoneyInput')] } } },
      components: {
        schemas: {
          Event: obj({ nav: { type: 'string' } }),
          EventInput: obj({ nav: { type: 'string', default: 'load' }, frame: ref('FrameInput') }),
          Frame: obj({ line: { type: 'integer' } }),
          FrameInput: obj({ line: { type: 'integer' } }),
          Money: obj({ cents: { type: 'integer' } }),
          MoneyInput: obj({ cents: { type: 'integer' } }),
          Unused: obj({}),
          UnusedInput: obj({}),
        },
      },
    };
    const tidy = tidyComponents(doc);
    expect(Object.keys(tidy.components.schemas)).toEqual(['Event', 'Frame', 'Money']);
    expect(tidy.components.schemas.Event).toEqual(
      obj({ nav: { type: 'string', default: 'load' }, frame: ref('Frame') }),
    );
    expect(tidy.paths).toEqual({ '/a': { post: { body: ref('Event'), answer: [ref('Money'), ref('Money')] } } });
  });

  it('keeps both of a pair that differ, also when they differ only in what they refer to', () => {
    const doc = {
      paths: { '/a': { in: ref('OrderInput'), out: ref('Order') } },
      components: {
        schemas: {
          Order: obj({ line: ref('Line') }),
          OrderInput: obj({ line: ref('LineInput') }),
          Line: obj({ qty: { type: 'integer' } }),
          LineInput: obj({ qty: { type: 'integer', default: 1 } }),
        },
      },
    };
    const tidy = tidyComponents(doc);
    expect(Object.keys(tidy.components.schemas)).toEqual(['Line', 'LineInput', 'Order', 'OrderInput']);
    expect(tidy.paths).toEqual(doc.paths);
  });
});

describe('keepRefSiblings', () => {
  it('moves a reference with siblings into allOf, anywhere in the tree; a bare reference stays', () => {
    expect(keepRefSiblings({ properties: { a: { description: 'A', ...ref('X') }, b: ref('X') } })).toEqual({
      properties: { a: { description: 'A', allOf: [ref('X')] }, b: ref('X') },
    });
    expect(keepRefSiblings([{ ...ref('X'), allOf: [{ required: ['a'] }] }])).toEqual([
      { allOf: [ref('X'), { required: ['a'] }] },
    ]);
  });
});
