import type { AlertMessage } from '../domain/alert.js';
import { RETRACTION_LIFETIME } from './alert-envelope.js';

/**
 * What a member's alert store does with a verified alert or retraction (openAlert returned it).
 * The relay is not trusted to serve messages once, in order, or at all, so the rules below make
 * the result independent of order and repetition:
 * - an alert id belongs to the scheme that first used it; another scheme's message under that id
 *   is ignored (ids are 128 random bits, so a clash is an attack, not chance);
 * - the highest revision wins; an equal or lower one is ignored (a replay or a late delivery);
 * - a retraction is final: it leaves a tombstone, and the alert id is never shown again, even if
 *   the retraction arrives before the alert or the alert is replayed later. A scheme that needs
 *   to re-issue publishes a new alert with a new id;
 * - the tombstone is kept until the retraction's own expiry (RETRACTION_LIFETIME after it was
 *   issued), which outlives any alert (MAX_ALERT_LIFETIME), so a replay cannot resurrect one;
 * - an expired alert is not stored.
 */

/** What the store holds for an alert id: the live alert, or the tombstone of a retraction. */
export interface AlertRecordState {
  scheme: string;
  /** Highest revision stored; 0 for a tombstone whose alert was never seen. */
  revision: number;
  retracted: boolean;
}

/** What to do with an incoming message. */
export type AlertUpdate =
  | { action: 'store'; alertId: string; record: AlertRecordState }
  | { action: 'retract'; alertId: string; record: AlertRecordState; keepUntil: number }
  | {
      action: 'ignore';
      reason: 'older-revision' | 'retracted' | 'foreign-scheme' | 'expired';
    };

/**
 * Decides how an incoming verified message changes the record held for its alert id (`existing`
 * is undefined when the store has none). Pure: the caller applies the answer.
 */
export function decideAlertUpdate(
  message: AlertMessage,
  existing: AlertRecordState | undefined,
  now = Date.now(),
): AlertUpdate {
  const alertId = message.kind === 'alert' ? message.id : message.alertId;
  if (existing && existing.scheme !== message.scheme) {
    return { action: 'ignore', reason: 'foreign-scheme' };
  }
  if (existing?.retracted) return { action: 'ignore', reason: 'retracted' };

  if (message.kind === 'retraction') {
    const record = { scheme: message.scheme, revision: existing?.revision ?? 0, retracted: true };
    return {
      action: 'retract',
      alertId,
      record,
      keepUntil: message.issuedAt + RETRACTION_LIFETIME,
    };
  }

  if (message.expiresAt <= now) return { action: 'ignore', reason: 'expired' };
  if (existing && message.revision <= existing.revision) {
    return { action: 'ignore', reason: 'older-revision' };
  }
  return {
    action: 'store',
    alertId,
    record: { scheme: message.scheme, revision: message.revision, retracted: false },
  };
}
