import { describe, expect, it } from 'vitest';
import { csvCell, csvRow } from '../src/features/exports/csv.js';

describe('csv', () => {
  it('quotes per RFC 4180 only when needed', () => {
    expect(csvRow(['a', 'b,c', 'say "hi"', 'two\nlines', 3, null])).toBe('a,"b,c","say ""hi""","two\nlines",3,\r\n');
  });

  it('defuses cells a spreadsheet would run as a formula', () => {
    for (const s of ['=1+1', '+1', '-2', '@SUM(A1)', '\tx', '\rx']) expect(csvCell(s).replace(/^"/, '')).toMatch(/^'/);
    expect(csvCell('=HYPERLINK("http://evil","x")')).toBe('"\'=HYPERLINK(""http://evil"",""x"")"');
    expect(csvCell('a=1')).toBe('a=1');
    expect(csvCell(-2)).toBe('-2');
  });
});
