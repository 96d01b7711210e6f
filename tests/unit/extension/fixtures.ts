import type { AlertContent } from '../../../shared/domain/alert.js';
import type { Identifier } from '../../../shared/domain/codes.js';

const DAY = 86_400_000;

/**
 * A fictional alert of the north-east scheme holding `identifiers`, issued a day before `now`
 * and live for 30 days after it; `change` overrides any field.
 */
export function testAlert(
  id: string,
  identifiers: Identifier[],
  now: number,
  change: Partial<AlertContent> = {},
): AlertContent {
  return {
    v: 1,
    kind: 'alert',
    id,
    scheme: 'north-east',
    revision: 1,
    issuedAt: now - DAY,
    expiresAt: now + 30 * DAY,
    regions: ['north-east'],
    area: 'Newcastle',
    incidentDate: '',
    severity: 'high',
    incidentTypes: ['robbery'],
    setting: '',
    identifiers,
    advice: [],
    description: '',
    ...change,
  };
}
