import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Identifier } from '../../../shared/domain/codes.js';
import { createAlertIndex } from '../../../shared/alert-index.js';
import { readIdentifier } from '../../../shared/identifiers/index.js';
import { alert, alerts, checks, phone } from './index-fixtures.js';

describe('createAlertIndex', () => {
  const index = createAlertIndex(alerts);

  it.each(checks)('a check for %j finds %j', (typed, ids) => {
    const reading = readIdentifier(typed);
    if (!reading.ok) throw new Error(`could not read: ${reading.reason}`);
    expect(index.lookup(reading.identifier).map((a) => a.id)).toEqual(ids);
  });

  it('counts alerts', () => {
    expect(index.size()).toBe(alerts.length);
    expect(createAlertIndex().size()).toBe(0);
  });

  it('keeps the highest revision of an alert', () => {
    const local = createAlertIndex([alert('r', [phone('+447700900200')])]);
    local.put(alert('r', [phone('+447700900201')], { revision: 2 }));
    expect(local.lookup(phone('+447700900200'))).toEqual([]);
    expect(local.lookup(phone('+447700900201')).map((a) => a.revision)).toEqual([2]);

    local.put(alert('r', [phone('+447700900200')], { revision: 1 }));
    expect(local.lookup(phone('+447700900200'))).toEqual([]);
    expect(local.size()).toBe(1);
  });

  it('forgets a removed alert in every look-up path', () => {
    const local = createAlertIndex(alerts);
    local.remove('a1');
    local.remove('a3');
    local.remove('unknown');
    expect(local.lookup(phone('+447700900513'))).toEqual([]);
    expect(local.lookup({ kind: 'partial-phone', value: '*513' })).toEqual([]);
    expect(local.lookup(phone('+447700900999'))).toEqual([]);
    expect(local.size()).toBe(alerts.length - 2);
  });

  it('keeps a value another alert still holds', () => {
    const local = createAlertIndex([
      alert('x', [phone('+447700900300')]),
      alert('y', [phone('+447700900300')]),
    ]);
    local.remove('x');
    expect(local.lookup({ kind: 'partial-phone', value: '*300' }).map((a) => a.id)).toEqual(['y']);
  });

  it('does not match across kinds', () => {
    expect(index.lookup({ kind: 'email', value: '+447700900513' })).toEqual([]);
    expect(index.lookup({ kind: 'plate', value: '+447700900513' })).toEqual([]);
  });
});

describe('lookup with a limit', () => {
  const many = Array.from({ length: 50 }, (_, i) =>
    alert(`m${i}`, [{ kind: 'phone', value: `+4477009004${String(i).padStart(2, '0')}` }], {
      issuedAt: (i * 37) % 50,
    }),
  );
  const index = createAlertIndex(many);
  const query: Identifier = { kind: 'partial-phone', value: '+4477009004??' };

  it('returns the newest alerts, newest first', () => {
    expect(index.lookup(query)).toHaveLength(50);
    expect(index.lookup(query, 3).map((a) => a.issuedAt)).toEqual([49, 48, 47]);
    expect(index.lookup(query, 0)).toEqual([]);
    expect(index.lookup(query, 500)).toHaveLength(50);
  });

  it('throws on a limit that is not a count (misuse)', () => {
    expect(() => index.lookup(query, Number.NaN)).toThrow(RangeError);
    expect(() => index.lookup(query, -1)).toThrow(RangeError);
  });
});

describe('lookup with a limit, against the full answer', () => {
  it('returns the first `limit` of the full answer (by issue time)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            tails: fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 1, maxLength: 3 }),
            issuedAt: fc.integer({ min: 0, max: 1000 }),
          }),
          { maxLength: 80 },
        ),
        fc.integer({ min: 0, max: 40 }),
        fc.array(fc.integer({ min: 0, max: 79 }), { maxLength: 10 }),
        (specs, limit, removed) => {
          const index = createAlertIndex(
            specs.map((spec, i) =>
              alert(
                `p${i}`,
                spec.tails.map((t) => phone(`+4477009001${String(t).padStart(2, '0')}`)),
                { issuedAt: spec.issuedAt },
              ),
            ),
          );
          for (const i of removed) index.remove(`p${i}`);
          const query: Identifier = { kind: 'partial-phone', value: '+4477009001??' };
          const full = index.lookup(query);
          const limited = index.lookup(query, limit);
          expect(new Set(full.map((a) => a.id)).size).toBe(full.length);
          expect(limited.map((a) => a.issuedAt)).toEqual(
            full.slice(0, limit).map((a) => a.issuedAt),
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});
