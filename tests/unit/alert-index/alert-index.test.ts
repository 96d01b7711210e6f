import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AlertContent } from '../../../shared/domain/alert.js';
import type { Identifier } from '../../../shared/domain/codes.js';
import { createAlertIndex } from '../../../shared/alert-index.js';
import { readIdentifier } from '../../../shared/identifiers/index.js';

function alert(
  id: string,
  identifiers: Identifier[],
  extra: Partial<AlertContent> = {},
): AlertContent {
  return {
    v: 1,
    kind: 'alert',
    id,
    scheme: 'scheme-a',
    revision: 1,
    issuedAt: 1_700_000_000,
    expiresAt: 1_800_000_000,
    regions: ['london'],
    area: '',
    incidentDate: '',
    severity: 'high',
    incidentTypes: ['robbery'],
    setting: '',
    identifiers,
    advice: [],
    description: '',
    ...extra,
  };
}

const phone = (value: string): Identifier => ({ kind: 'phone', value });

const alerts = [
  alert('a1', [phone('+447700900513')], { issuedAt: 1 }),
  alert('a2', [phone('+447700900123'), { kind: 'plate', value: 'LX21FKE' }], { issuedAt: 2 }),
  alert('a3', [{ kind: 'partial-phone', value: '*0999' }], { issuedAt: 3 }),
  alert(
    'a4',
    [
      { kind: 'email', value: 'sam@example.com' },
      { kind: 'handle', value: 'telegram:example_client' },
    ],
    { issuedAt: 4 },
  ),
  alert(
    'a5',
    [
      { kind: 'partial-plate', value: 'LX21?K*' },
      { kind: 'handle', value: 'bigdave' },
    ],
    { issuedAt: 5 },
  ),
  alert('a6', [phone('+442079460123'), { kind: 'plate', value: 'AB12CDE' }], { issuedAt: 6 }),
];

/** [what a worker types, alert ids expected, newest first] */
const checks: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['07700 900513', ['a1']],
  ['+44 7700 900123', ['a2']],
  ['07700 900124', []],
  ['ends in 513', ['a1']],
  ['ends in 123', ['a6', 'a2']],
  ['07700 9005??', ['a1']],
  ['07700 9001??', ['a2']],
  ['starts 07700 9', ['a2', 'a1']],
  ['starts 020', ['a6']],
  ['07700 900999', ['a3']],
  ['020 7946 0999', ['a3']],
  ['ends in 0999', ['a3']],
  ['LX21 FKE', ['a5', 'a2']],
  ['starts LX', ['a2']],
  ['ends FKE', ['a2']],
  ['ends CDE', ['a6']],
  ['LX21 FKA', ['a5']],
  ['sam at example dot com', ['a4']],
  ['SAM@example.com', ['a4']],
  ['t.me/Example_Client', ['a4']],
  ['@example_client', ['a4']],
  ['instagram.com/example_client', []],
  ['https://t.me/bigdave', ['a5']],
  ['bigdave', ['a5']],
];

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
