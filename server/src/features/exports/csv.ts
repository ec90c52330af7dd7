// RFC 4180 CSV that is also safe to open in a spreadsheet (OWASP "CSV injection"):
//
// - Every text cell is quoted. A spreadsheet that splits on ';' or a tab instead of ',' (the
//   default in much of Europe) then still sees one cell: unquoted, `a;=1+1` became the cells `a`
//   and `=1+1`, a formula.
// - A text cell that would start a formula is prefixed with a single quote, which spreadsheets
//   show as plain text. "Would start" looks past what a spreadsheet ignores or folds before it
//   decides: leading white space (` =1+1`, NBSP, ideographic space), invisible format characters
//   (zero-width space, BOM, bidi marks), and the full-width and small forms of = + - @ (`＝1+1`),
//   which NFKC folds to the ASCII ones, as some spreadsheets do on input.

/** White space, control characters (tab, CR, LF…) and invisible format characters (Cf). */
const IGNORED_LEAD = /^[\s\p{Cc}\p{Cf}]*/u;
/** U+2212 MINUS SIGN is not folded to '-' by NFKC but is read as one. */
const FORMULA_CHARS = new Set(['=', '+', '-', '@', '\u2212']);
/** A cell starting with any of these is prefixed even when nothing else follows. */
const CONTROL_START = /^[\t\r\n]/;

export type CsvValue = string | number | null | undefined;

/** Whether a spreadsheet could read the text as a formula. */
export function startsFormula(text: string): boolean {
  if (CONTROL_START.test(text)) return true;
  const rest = text.slice(IGNORED_LEAD.exec(text)![0].length);
  const first = rest.codePointAt(0);
  if (first === undefined) return false;
  return FORMULA_CHARS.has(String.fromCodePoint(first).normalize('NFKC').charAt(0));
}

export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  const text = startsFormula(value) ? `'${value}` : value;
  return `"${text.replaceAll('"', '""')}"`;
}

/** One record, CRLF-terminated as RFC 4180 asks. */
export const csvRow = (values: readonly CsvValue[]): string => `${values.map(csvCell).join(',')}\r\n`;
