import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { benchText } from '../../../bench/identifiers-text.js';
import { findCandidates } from '../../../shared/identifiers/phone-candidates.js';
import { findLookAlikes } from '../../../shared/identifiers/phone-rejection.js';
import { findDigitRuns, type DigitRun } from '../../../shared/identifiers/phone-runs.js';

// The pre-filter must hand the scan exactly the runs the plain way gives: every look-alike of
// the whole text blocked, then the whole text split into runs. Runs under 7 digits hold no
// number, so only longer ones are compared. All digits here are random or drama-range.
const MIN_DIGITS = 7;

function plainRuns(text: string): DigitRun[] {
  const blocked = new Uint8Array(text.length);
  for (const span of findLookAlikes(text)) blocked.fill(1, span.start, span.end);
  return findDigitRuns(text, blocked);
}

function candidateRuns(text: string): DigitRun[] {
  const { stretches, blocked } = findCandidates(text, MIN_DIGITS);
  return stretches.flatMap(({ from, to }) => findDigitRuns(text, blocked, from, to));
}

function long(runs: readonly DigitRun[]): DigitRun[] {
  return runs.filter((run) => run.groups.reduce((n, g) => n + g.digits.length, 0) >= MIN_DIGITS);
}

function expectSameRuns(text: string): void {
  expect(long(candidateRuns(text))).toEqual(long(plainRuns(text)));
}

// Pieces that meet at the edges the pre-filter reasons about: look-alikes that reach past their
// digits, letters standing for digits, long gaps that split clusters, runs cut at 64 groups.
const PIECES = [
  ...['0', '7', '1', '9', '00', '44', '07700', '900', '123', '2079460', '+44 (0)', '0044 '],
  ...[' ', '  ', '-', '.', '/', '(', ')', '+', ',', ':', '#', '£', '$', '\n', 'T', 'x', 'a'],
  ...['o', 'O', 'l', 'I', 'oh ', 'hello', 'call', 'ace', 'f3', 'pm', ' a.m.', ' am', 'p', ' k'],
  ...[' gbp', ' dollars', ' pounds', 'lei', 'zł', 'order ', 'Ref: ', 'no. ', 'id ', 'wa.me/'],
  ...['tel:', '0x', ',,,,', '----', '....', 'o'.repeat(25), ' '.repeat(20), 'x'.repeat(30)],
  ...['1 '.repeat(40), '0-'.repeat(70), '10:30', '2024-03-12', '12/03/24', '192.168.1.1'],
  ...['£1,250.00', '07700 900123', '07700900124', '00-950', 'id 5f3a9c2e1b7d'],
];

describe('findCandidates', () => {
  it('gives the plain scan’s long runs for any mix of digits, look-alikes and prose', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 120 }), (pieces) => {
        expectSameRuns(pieces.join(''));
      }),
      { numRuns: 3000 },
    );
  });

  it('gives the plain scan’s long runs on generated pages', () => {
    for (const seed of [1, 2, 3]) expectSameRuns(benchText(200_000, 500, seed).text);
  });

  it.each([
    ['no digits', 'just prose, no numbers at all'],
    ['short pieces only', 'from £150 on 12/03 at 14:30, page 4 of 59'],
    ['letters before digits', 'x OO7700 900125 and xOO7700 900126'],
    ['digits far apart in one run', `07${'o'.repeat(40)} 7700 900127`],
    ['a look-alike beside a number', '10 a.m.07700 900128 or 5 dollars 07700 900129'],
  ])('matches the plain scan: %s', (_name, text) => {
    expectSameRuns(text);
  });
});

// Where runs start and what they read, most of all where O/o/I/l meet digits: the walk now
// jumps from digit to digit, and must start and read runs as a unit-by-unit walk did.
const RUNS: ReadonlyArray<readonly [string, ReadonlyArray<readonly [string, string]>]> = [
  ['x OO7 1', [['OO7 1', '007 1']]],
  ['xOO7', [['7', '7']]],
  ['hello7 OO', [['7', '7']]],
  ['7oo x', [['7oo', '700']]],
  ['o o 7', [['7', '7']]],
  ['call (O2O) 7946 O123', [['(O2O) 7946 O123', '020 7946 0123']]],
  ['+44 7700 9OO1l3', [['+44 7700 9OO1l3', '44 7700 900113']]],
  ['lol 10 l0l', [['10 l0l', '10 101']]],
  ['I1 Il1 1I', [['I1 Il1 1I', '11 111 11']]],
  ['O', []],
  ['ab1 2cd', [['1 2', '1 2']]],
];

describe('findDigitRuns', () => {
  it.each(RUNS)('reads the runs of %j', (text, expected) => {
    const runs = findDigitRuns(text).map((run) => [
      text.slice(run.start, run.end),
      run.groups.map((group) => group.digits).join(' '),
    ]);
    expect(runs).toEqual(expected);
  });
});
