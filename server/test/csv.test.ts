import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvCell, csvRow, startsFormula } from '../src/features/exports/csv.js';

/**
 * How a spreadsheet reads one line: RFC 4180 quoting, split on `delimiter` (',' in the US, ';' in
 * much of Europe, a tab when pasted). A quoted cell is one cell, whatever it contains.
 */
function readLine(line: string, delimiter: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted && c === '"' && line[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (!quoted && c === delimiter) {
      cells.push(cell);
      cell = '';
    } else {
      cell += c;
    }
  }
  cells.push(cell);
  return cells;
}

/** What a spreadsheet might run: a formula start after what it skips or folds, and no quote prefix. */
const runsAsFormula = (cell: string) => !cell.startsWith("'") && startsFormula(cell);

const HOSTILE = [
  '=1+1',
  '+1',
  '-2',
  '@SUM(A1)',
  '\tx',
  '\rx',
  '\n=1',
  // Found by an attack on the export: each was written unquoted and unprefixed.
  ' =1+1',
  '＝1+1',
  '\u200B=1+1',
  // The same class: other white space, invisible format characters, other forms of = + - @.
  '\u00A0=1',
  '\u3000+1',
  '\uFEFF@x',
  '\u202E=1',
  '\u2060-1',
  ' \t =1',
  '﹦1+1',
  '－1',
  '＋1',
  '＠x',
  '\u22121',
];

describe('csv', () => {
  it('quotes every text cell (RFC 4180), numbers and empty values stay bare', () => {
    expect(csvRow(['a', 'b,c', 'say "hi"', 'two\nlines', 3, null, undefined, ''])).toBe(
      '"a","b,c","say ""hi""","two\nlines",3,,,""\r\n',
    );
    expect(csvCell(-2)).toBe('-2');
  });

  it('keeps a cell whole for spreadsheets that split on ; or a tab', () => {
    for (const s of ['a;=1+1', 'a\t=1+1', 'a,=1+1']) {
      for (const delimiter of [',', ';', '\t']) expect(readLine(csvCell(s), delimiter)).toEqual([s]);
    }
  });

  it.each(HOSTILE)('defuses %j', (s) => {
    expect(csvCell(s).startsWith(`"'`)).toBe(true);
    expect(readLine(csvCell(s), ',')).toEqual([`'${s}`]);
  });

  it('leaves ordinary text alone', () => {
    for (const s of ['a=1', 'email@example.com', 'x-y', '1+1=2', 'ok 👍', '']) expect(csvCell(s)).toBe(`"${s}"`);
    expect(csvCell('=HYPERLINK("http://evil","x")')).toBe('"\'=HYPERLINK(""http://evil"",""x"")"');
  });

  it('no text, split on , or ; or a tab, gives a cell a spreadsheet would run; "," gives back the text', () => {
    // Numbers are the export's scores and counts: never negative, never from a visitor.
    const value = fc.oneof(fc.string({ unit: 'grapheme' }), fc.constantFrom(...HOSTILE, 'a;=1+1', 'a\t+1'), fc.nat());
    fc.assert(
      fc.property(fc.array(value), (values) => {
        const line = csvRow(values).slice(0, -2);
        for (const delimiter of [',', ';', '\t']) {
          for (const cell of readLine(line, delimiter)) expect(runsAsFormula(cell), JSON.stringify(cell)).toBe(false);
        }
        const expected = values.map((v) => (typeof v === 'number' ? String(v) : startsFormula(v) ? `'${v}` : v));
        expect(readLine(line, ',')).toEqual(values.length === 0 ? [''] : expected);
      }),
      { numRuns: 300 },
    );
  });
});
