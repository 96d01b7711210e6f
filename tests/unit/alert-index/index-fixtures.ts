import type { AlertContent } from '../../../shared/domain/alert.js';
import type { Identifier } from '../../../shared/domain/codes.js';

/** Alerts and checks shared by the in-memory and the stored index's tests. */

export function alert(
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

export const phone = (value: string): Identifier => ({ kind: 'phone', value });

export const alerts = [
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
export const checks: ReadonlyArray<readonly [string, readonly string[]]> = [
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
