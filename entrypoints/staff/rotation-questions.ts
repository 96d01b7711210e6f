import { t } from './staff-i18n.js';

/**
 * What "Rotate the members' key" asks before it rotates, in order; every answer must be yes.
 * When `cutOff` enrolled devices cannot be checked here (enrolmentsCutOffByRotation,
 * member-devices.ts), the first question says how many and what happens to them, and a second
 * asks again: a worker who stops receiving alerts without anyone knowing is the worst outcome.
 */
export function rotationQuestions(cutOff: number): string[] {
  if (cutOff === 0) return [t('devices.confirm-rotate')];
  return [
    t('devices.confirm-rotate-cut-off', { count: cutOff }),
    t('devices.confirm-cut-off-again', { count: cutOff }),
  ];
}
