/**
 * CSV for spreadsheets, with formula injection neutralised: a cell a spreadsheet would read as
 * a formula (starting with = + - @, a tab or a carriage return, or their full-width forms) is
 * prefixed with an apostrophe so it shows as text. Every cell is quoted. See OWASP "CSV
 * Injection".
 */

const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

/** One cell, quoted and neutralised. */
export function csvCell(value: string | number | boolean): string {
  let text = String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

/** Rows to CSV text with CRLF line ends (RFC 4180), header first. */
export function toCsv(
  header: readonly string[],
  rows: readonly (readonly (string | number | boolean)[])[],
): string {
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
