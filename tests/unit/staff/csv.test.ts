import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from '../../../shared/staff/csv.js';
import { inboxCsv } from '../../../shared/staff/inbox-export.js';
import { sampleReport } from './staff-fixtures.js';

describe('csvCell', () => {
  it.each([
    ['plain', '"plain"'],
    ['=HYPERLINK("http://example.com")', `"'=HYPERLINK(""http://example.com"")"`],
    ['+1+1', `"'+1+1"`],
    ['-2+3', `"'-2+3"`],
    ['@SUM(A1)', `"'@SUM(A1)"`],
    ['\t=1', `"'\t=1"`],
    ['\r=1', `"'\r=1"`],
    ['＝1+1', `"'＝1+1"`],
    ['a "quoted" word', '"a ""quoted"" word"'],
    [42, '"42"'],
    [true, '"true"'],
  ])('%o → %s', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it('joins rows with CRLF, header first', () => {
    expect(toCsv(['a', 'b'], [['1', '=2']])).toBe(`"a","b"\r\n"1","'=2"\r\n`);
  });
});

describe('inboxCsv', () => {
  it('carries handling facts and no identifier, narrative or contact', () => {
    const report = sampleReport();
    report.where.area = '=cmd|"/c calc"!A1';
    const csv = inboxCsv([
      {
        id: report.id,
        seq: 1,
        receivedAt: 0,
        report,
        severity: 'high',
        status: 'new',
        notes: 'private',
        read: false,
        updatedAt: 0,
      },
    ]);
    for (const secret of [
      '07700',
      'example.com',
      'threatened',
      'reporter@example.org',
      'private',
    ]) {
      expect(csv).not.toContain(secret);
    }
    expect(csv).toContain(`"'=cmd|""/c calc""!A1"`);
  });
});
