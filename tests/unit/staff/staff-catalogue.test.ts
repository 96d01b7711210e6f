import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import english from '../../../shared/i18n/messages/en/staff.json';
import { AUDIT_ACTIONS } from '../../../shared/staff/audit-log.js';
import { REPORT_STATUSES } from '../../../shared/staff/report-status.js';

/**
 * Every staff UI string has English text: keys written in the source, and keys built from
 * codes (statuses, audit actions, problems...), are all in messages/en/staff.json.
 */

const catalogue = english as Record<string, string>;
const has = (key: string) => `staff.${key}` in catalogue || `staff.${key}.other` in catalogue;

const PREFIXES = [
  'alerts',
  'app',
  'audit',
  'bulletin',
  'consent',
  'devices',
  'editor',
  'forward',
  'inbox',
  'invites',
  'matches',
  'members',
  'nav',
  'panel',
  'preview',
  'problem',
  'referral',
  'reply',
  'report',
  'status',
  'unlock',
];

function sourceKeys(): string[] {
  const files = [
    ...readdirSync('entrypoints/staff')
      .filter((f) => /\.tsx?$/.test(f))
      .map((f) => `entrypoints/staff/${f}`),
    'entrypoints/popup/staff-panel.tsx',
  ];
  const pattern = new RegExp(`'((?:${PREFIXES.join('|')})\\.[a-z-]+(?:\\.[a-z-]+)?)'`, 'g');
  const keys = new Set<string>();
  for (const file of files) {
    for (const match of readFileSync(file, 'utf8').matchAll(pattern)) keys.add(match[1]!);
  }
  return [...keys];
}

describe('staff catalogue (English)', () => {
  it('has every key the staff UI names literally', () => {
    const keys = sourceKeys();
    expect(keys.length).toBeGreaterThan(100);
    expect(keys.filter((k) => !has(k))).toEqual([]);
  });

  it('has every key the UI builds from codes', () => {
    const built = [
      ...REPORT_STATUSES.map((s) => `status.${s}`),
      ...AUDIT_ACTIONS.map((a) => `audit.action.${a}`),
      ...['workerAlert', 'otherSchemes', 'policeIntelligence', 'policeIdentified', 'reply'].map(
        (c) => `consent.${c}`,
      ),
      ...['inbox', 'alerts', 'invites', 'bulletin', 'members', 'audit'].map((n) => `nav.${n}`),
      ...[
        'no-incident-type',
        'no-region',
        'expired',
        'description-too-long',
        'area-too-long',
        'malformed',
      ].map((p) => `problem.${p}`),
      ...['open', 'redeemed', 'expired'].map((s) => `invites.state.${s}`),
      'referral.intelligence',
      'referral.identified',
      'app.no-network',
      'app.no-directory',
      'members.own-vault',
      'members.last-vault',
    ];
    expect(built.filter((k) => !has(k))).toEqual([]);
  });

  it('uses only placeholders a translator can see in the English text', () => {
    for (const [key, text] of Object.entries(catalogue)) {
      expect(key.startsWith('staff.')).toBe(true);
      expect(text.trim()).not.toBe('');
      expect(text).not.toMatch(/<[a-z]/i);
    }
  });
});
