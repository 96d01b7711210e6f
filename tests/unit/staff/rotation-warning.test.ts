import { beforeAll, describe, expect, it } from 'vitest';
import { rotationQuestions } from '../../../entrypoints/staff/rotation-questions.js';
import { loadLocale } from '../../../shared/i18n/index.js';
import type { EnrolmentRejection } from '../../../shared/protocol/device-enrolment.js';
import type { SharedInvite } from '../../../shared/staff/journal-view.js';
import {
  enrolmentsCutOffByRotation,
  type UncheckedEnrolment,
} from '../../../shared/staff/member-devices.js';

/**
 * Rotating the members' key never cuts a worker off without staff knowing: enrolments whose
 * invite key this staff device lacks are counted, and the rotation asks twice, saying how many.
 */

const enrolment = (invite: string, reason: EnrolmentRejection): UncheckedEnrolment => ({
  invite,
  enrolledAt: Date.UTC(2026, 11, 1),
  reason,
});

const shared = (id: string, state: Partial<SharedInvite>): [string, SharedInvite] => [
  id,
  {
    id,
    key: 'k',
    createdAt: null,
    expiresAt: null,
    epoch: null,
    sent: null,
    revoked: false,
    removed: false,
    ...state,
  },
];

describe('enrolmentsCutOffByRotation', () => {
  const invites = new Map([
    shared('revoked', { revoked: true }),
    shared('removed', { removed: true }),
  ]);

  it.each([
    { name: 'nothing unchecked', unchecked: [], expected: [] },
    {
      name: 'an invite made outside a staff page',
      unchecked: [enrolment('demo', 'unknown-invite')],
      expected: ['demo'],
    },
    {
      name: 'a revoked invite or a removed device (staff chose that)',
      unchecked: [enrolment('revoked', 'unknown-invite'), enrolment('removed', 'unknown-invite')],
      expected: [],
    },
    {
      name: 'enrolments that are not a worker of this scheme',
      unchecked: [
        enrolment('a', 'bad-mac'),
        enrolment('b', 'does-not-open'),
        enrolment('c', 'malformed'),
      ],
      expected: [],
    },
    {
      name: 'the same invite listed twice counts once',
      unchecked: [enrolment('demo', 'unknown-invite'), enrolment('demo', 'unknown-invite')],
      expected: ['demo'],
    },
    {
      name: 'a mix',
      unchecked: [
        enrolment('x', 'unknown-invite'),
        enrolment('removed', 'unknown-invite'),
        enrolment('y', 'bad-mac'),
        enrolment('z', 'unknown-invite'),
      ],
      expected: ['x', 'z'],
    },
  ])('$name', ({ unchecked, expected }) => {
    const cutOff = enrolmentsCutOffByRotation(unchecked, invites);
    expect(cutOff.map((e) => e.invite)).toEqual(expected);
  });
});

describe('rotationQuestions', () => {
  beforeAll(async () => {
    await loadLocale('en', ['staff']);
  });

  it('asks once when every enrolled device can be checked', () => {
    expect(rotationQuestions(0)).toEqual([
      "Make a new members' key and send it to the devices listed? Devices removed from this list will not read new alerts.",
    ]);
  });

  it('says how many are cut off, and asks a second time', () => {
    expect(rotationQuestions(1)).toEqual([
      "Make a new members' key and send it to the devices listed? 1 enrolled device cannot be checked here: rotating now will stop it receiving new alerts until its worker joins again with a new invite code.",
      'Rotate anyway? 1 worker will get no new alerts until you give them a new invite code and they join again.',
    ]);
    const [first, second] = rotationQuestions(3);
    expect(first).toContain('3 enrolled devices cannot be checked here');
    expect(first).toContain('until their workers join again with new invite codes');
    expect(second).toBe(
      'Rotate anyway? 3 workers will get no new alerts until you give them new invite codes and they join again.',
    );
  });
});
