import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createAlertIndex } from '../../../shared/alert-index.js';
import {
  createCheckIndex,
  foldChanges,
  freshIndex,
  isUsable,
  stubOf,
} from '../../../shared/alert-index/check-index.js';
import {
  buildCompactIndex,
  isCompactIndex,
  stubsOf,
  type CompactIndex,
} from '../../../shared/alert-index/compact-index.js';
import type { AlertContent } from '../../../shared/domain/alert.js';
import type { Identifier } from '../../../shared/domain/codes.js';
import { readIdentifier } from '../../../shared/identifiers/index.js';
import { alert, alerts, checks } from './index-fixtures.js';

/** A stored index of `held`, the first `inBase` in the base and the rest as changes. */
function storedIndexOf(held: readonly AlertContent[], inBase = held.length) {
  const { base, changes } = freshIndex(held.slice(0, inBase).map(stubOf), 1);
  for (const a of held.slice(inBase)) changes.changed.set(a.id, stubOf(a));
  return createCheckIndex(base, { ...changes, count: held.length });
}

const ids = (hits: { id: string }[]) => hits.map((hit) => hit.id);
const sorted = (list: string[]) => [...list].sort();

describe('stored check index, table of checks', () => {
  it.each([0, 3, alerts.length])(
    'answers like the in-memory index (%i alerts in the base)',
    (n) => {
      const index = storedIndexOf(alerts, n);
      for (const [typed, expected] of checks) {
        const reading = readIdentifier(typed);
        if (!reading.ok) throw new Error(`could not read: ${reading.reason}`);
        expect(ids(index.lookup(reading.identifier)), typed).toEqual(expected);
      }
    },
  );
});

// Small alphabets, so generated alerts and queries collide often.
const digits = fc.integer({ min: 0, max: 19 }).map((n) => String(n).padStart(2, '0'));
const identifier: fc.Arbitrary<Identifier> = fc.oneof(
  digits.map((d) => ({ kind: 'phone', value: `+4477009001${d}` })),
  digits.map((d) => ({ kind: 'phone', value: `+4420794601${d}` })),
  fc.constantFrom('LX21FKE', 'LX21FKA', 'AB12CDE', 'LX19ABC').map((value) => ({
    kind: 'plate',
    value,
  })),
  fc
    .constantFrom('*0100', '*01?1', '+44770090010?', '+447700*', '*9001*')
    .map((value) => ({ kind: 'partial-phone', value })),
  fc.constantFrom('LX*', '*FKE', 'LX21?K*').map((value) => ({ kind: 'partial-plate', value })),
  fc
    .constantFrom('bigdave', 'telegram:bigdave', 'instagram:bigdave', 'telegram:sam')
    .map((value) => ({ kind: 'handle', value })),
  fc.constantFrom('sam@example.com', 'jo@example.org').map((value) => ({ kind: 'email', value })),
) as fc.Arbitrary<Identifier>;

const query: fc.Arbitrary<Identifier> = fc.oneof(
  identifier,
  fc
    .constantFrom('*100', '*1?0', '*01', '+4477009001??', '+44770090011?', '+4420*', '*4*')
    .map((value) => ({ kind: 'partial-phone', value }) as Identifier),
  fc
    .constantFrom('LX*', '*KE', '*C?E', 'LX21*', '*X*')
    .map((value) => ({ kind: 'partial-plate', value }) as Identifier),
  fc
    .constantFrom('sam', 'whatsapp:bigdave')
    .map((value) => ({ kind: 'handle', value }) as Identifier),
);

const heldAlerts = fc
  .array(
    fc.record({
      identifiers: fc.array(identifier, { maxLength: 3 }),
      issuedAt: fc.integer({ min: 0, max: 100 }),
    }),
    { maxLength: 40 },
  )
  .map((specs) => specs.map((s, i) => alert(`g${i}`, s.identifiers, { issuedAt: s.issuedAt })));

describe('stored check index against the in-memory index', () => {
  it('finds the same alerts for any alerts and any query, however base and changes split', () => {
    fc.assert(
      fc.property(
        heldAlerts,
        fc.nat(),
        fc.array(query, { minLength: 1, maxLength: 8 }),
        (held, cut, queries) => {
          const live = createAlertIndex(held);
          const stored = storedIndexOf(held, held.length === 0 ? 0 : cut % (held.length + 1));
          for (const q of queries) {
            expect(sorted(ids(stored.lookup(q)))).toEqual(sorted(ids(live.lookup(q))));
            const issued = stored.lookup(q).map((hit) => hit.issuedAt);
            expect(issued).toEqual([...issued].sort((a, b) => b - a));
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it('folds changes into a base that answers the same, and keeps nothing removed', () => {
    fc.assert(
      fc.property(heldAlerts, fc.array(fc.nat(), { maxLength: 10 }), query, (held, gone, q) => {
        const removed = new Set(gone.map((i) => `g${i % Math.max(held.length, 1)}`));
        const { base } = freshIndex(held.map(stubOf), 1);
        const updates = new Map([...removed].map((id) => [id, null] as const));
        const folded = foldChanges(base, new Map(), updates, 2);
        const kept = held.filter((a) => !removed.has(a.id));
        expect(sorted(stubsOf(folded.base.index).map((s) => s.id))).toEqual(sorted(ids(kept)));
        const index = createCheckIndex(folded.base, folded.changes);
        expect(sorted(ids(index.lookup(q)))).toEqual(sorted(ids(createAlertIndex(kept).lookup(q))));
      }),
      { numRuns: 200 },
    );
  });
});

describe('a damaged stored index is never used', () => {
  const { base, changes } = freshIndex(alerts.map(stubOf), 7);

  it('accepts a whole one', () => {
    expect(isCompactIndex(base.index)).toBe(true);
    expect(isUsable(base, changes, alerts.length)).toBe(true);
  });

  const contentDamage: [string, () => CompactIndex][] = [
    [
      'a changed key character',
      () => {
        const index = structuredClone(base.index);
        index.exact.keys.text = index.exact.keys.text.replace('513', '514');
        return index;
      },
    ],
    [
      'a changed ordinal',
      () => {
        const index = structuredClone(base.index);
        index.exact.ordinals[0] = (index.exact.ordinals[0]! + 1) % alerts.length;
        return index;
      },
    ],
  ];
  const shapeDamage: [string, () => unknown][] = [
    [
      'an ordinal out of range',
      () => {
        const index = structuredClone(base.index);
        index.names.ordinals[0] = 99;
        return index;
      },
    ],
    [
      'a truncated array',
      () => {
        const index = structuredClone(base.index);
        index.issuedAt = index.issuedAt.slice(1);
        return index;
      },
    ],
    ['a missing part', () => ({ ...structuredClone(base.index), reversed: undefined })],
    ['another format', () => ({ ...structuredClone(base.index), format: 2 })],
  ];

  it.each(shapeDamage)('refuses %s before any look-up', (_, damage) => {
    expect(isCompactIndex(damage())).toBe(false);
    expect(isUsable({ ...base, index: damage() }, changes, alerts.length)).toBe(false);
  });

  it.each(contentDamage)('finds %s by its checksum before any "no hits"', (_, damage) => {
    expect(isCompactIndex(damage())).toBe(false);
    const damaged = createCheckIndex({ ...base, index: damage() }, changes);
    expect(damaged.verified()).toBe(false);
    expect(createCheckIndex(base, changes).verified()).toBe(true);
  });

  it('refuses changes of another base, or counting other than the store', () => {
    expect(isUsable(base, { ...changes, base: 6 }, alerts.length)).toBe(false);
    expect(isUsable(base, changes, alerts.length + 1)).toBe(false);
    expect(isUsable(base, undefined, alerts.length)).toBe(false);
    expect(isUsable(undefined, changes, alerts.length)).toBe(false);
  });

  it('builds an empty index that answers nothing', () => {
    const empty = buildCompactIndex([]);
    expect(isCompactIndex(empty)).toBe(true);
    expect(storedIndexOf([]).lookup({ kind: 'phone', value: '+447700900513' })).toEqual([]);
  });
});
