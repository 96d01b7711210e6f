import { describe, expect, it } from 'vitest';
import { formatFigure, ratioOf, renderTable } from '../../bench/run.js';
import { percentile } from '../../bench/live-stream.js';

// The one table `npm run bench` prints: figures, ratios and not-measured lines.
describe('bench table', () => {
  it.each([
    [null, '—'],
    [Number.NaN, '—'],
    [12345.6, '12,346'],
    [123.4, '123'],
    [12.34, '12.3'],
    [1.234, '1.23'],
    [0.01234, '0.0123'],
  ])('formats %s as %s', (value, text) => {
    expect(formatFigure(value)).toBe(text);
  });

  it.each([
    [10, 5, 2],
    [10, null, null],
    [10, 0, null],
    [10, -1, null],
  ])('ratio of %s to baseline %s is %s', (ours, baseline, ratio) => {
    expect(ratioOf({ metric: 'm', ours, baseline, unit: 'ms', method: 'x' })).toBe(ratio);
  });

  it('prints one aligned table with every row and the reason an area was not measured', () => {
    const table = renderTable([
      { area: 'a', metric: 'scan', ours: 4, baseline: 8, unit: 'ms', method: 'median of 3' },
      { area: 'b', notMeasured: 'bench/b.ts missing' },
    ]);
    const lines = table.split('\n');
    expect(lines[0]).toMatch(/^metric\s+│\s+ours │ baseline │\s+ratio │ unit │ method$/);
    expect(lines[2]).toContain('0.500×');
    expect(lines[2]).toContain('median of 3');
    expect(lines[3]).toContain('not measured: bench/b.ts missing');
    expect(new Set(lines.slice(2).map((l) => l.indexOf('│')))).toEqual(
      new Set([lines[0]!.indexOf('│')]),
    );
  });

  it('takes nearest-rank percentiles', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile([], 50)).toBeNaN();
  });
});
