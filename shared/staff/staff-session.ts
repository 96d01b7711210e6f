import {
  schemeSecretsFromJson,
  schemeSecretsToJson,
  type SchemeSecrets,
  type SchemeSecretsJson,
} from '../protocol/keys.js';
import { unlockStaffVault, type StaffVault } from '../protocol/staff-vault.js';
import { fromBase64UrlExact, requireBytes, toBase64Url } from '../encoding/bytes.js';
import { hasExactKeys, isInt } from '../encoding/shape.js';
import type { SessionArea } from './session-area.js';

/**
 * The staff session: scheme secrets unlocked with one staff member's passphrase, held only in a
 * memory-only session area, and locked after a period without activity (the background alarm
 * and every reader check it) or when the browser closes (the area is memory-only).
 */

/** An unlocked staff session. */
export interface StaffSession {
  scheme: string;
  /** The id of the vault that was unlocked (one per staff member; no name). */
  staff: string;
  secrets: SchemeSecrets;
  /**
   * Seed of this staff member's own journal signing key (staff-journal.ts): derived from their
   * passphrase at unlock, so colleagues holding the same scheme secrets cannot sign as them.
   */
  staffSeed: Uint8Array;
  unlockedAt: number;
  lastActiveAt: number;
  /** Minutes without activity before the session locks itself. */
  idleMinutes: number;
}

interface StoredSession {
  v: 1;
  scheme: string;
  staff: string;
  secrets: SchemeSecretsJson;
  staffSeed: string;
  unlockedAt: number;
  lastActiveAt: number;
  idleMinutes: number;
}

/** The session area key; also what the lock alarm and the popup watch for changes. */
export const SESSION_KEY = 'staff:session';

/**
 * When staff were last active, kept apart from the session: a touch racing a lock then writes
 * only this timestamp and can never bring the removed secrets back.
 */
export const ACTIVE_KEY = 'staff:active';

/** Default idle time before locking (minutes). On-call staff can choose up to 120. */
export const DEFAULT_IDLE_MINUTES = 15;

/** The outcome of trying a passphrase against a scheme's vaults. */
export type StaffUnlock =
  | { ok: true; staff: string; vault: StaffVault; secrets: SchemeSecrets; staffSeed: Uint8Array }
  | { ok: false; reason: 'wrong-passphrase' | 'no-vaults' };

/**
 * Tries a passphrase against each staff vault of a scheme (each staff member has their own), the
 * one this device unlocked last time first, so the usual unlock costs one key derivation.
 */
export async function unlockFromVaults(
  vaults: readonly StaffVault[],
  passphrase: string,
  preferredStaff?: string,
): Promise<StaffUnlock> {
  if (vaults.length === 0) return { ok: false, reason: 'no-vaults' };
  const ordered = [...vaults].sort(
    (a, b) => Number(b.staff === preferredStaff) - Number(a.staff === preferredStaff),
  );

  for (const vault of ordered) {
    const result = await unlockStaffVault(vault, passphrase);
    if (result.ok) {
      const { secrets, staffSeed } = result;
      return { ok: true, staff: vault.staff, vault, secrets, staffSeed };
    }
  }
  return { ok: false, reason: 'wrong-passphrase' };
}

/** Stores an unlocked session. Throws on an idle time outside 1..120 minutes (misuse). */
export async function startSession(
  area: SessionArea,
  unlocked: { staff: string; secrets: SchemeSecrets; staffSeed: Uint8Array },
  options: { now?: number; idleMinutes?: number } = {},
): Promise<StaffSession> {
  const idleMinutes = options.idleMinutes ?? DEFAULT_IDLE_MINUTES;
  if (!isInt(idleMinutes, 1, 120))
    throw new RangeError('startSession: idle minutes must be 1..120');
  const now = options.now ?? Date.now();
  const stored: StoredSession = {
    v: 1,
    scheme: unlocked.secrets.scheme,
    staff: unlocked.staff,
    secrets: schemeSecretsToJson(unlocked.secrets),
    staffSeed: toBase64Url(requireBytes(unlocked.staffSeed, 32, 'startSession: staff seed')),
    unlockedAt: now,
    lastActiveAt: now,
    idleMinutes,
  };
  await area.remove(ACTIVE_KEY);
  await area.set(SESSION_KEY, stored);
  return { ...stored, secrets: unlocked.secrets, staffSeed: unlocked.staffSeed };
}

/**
 * Reads the session, or null when locked. A session idle for longer than its limit is removed
 * here too, so a page that wakes after the alarm was missed still finds it locked.
 */
export async function readSession(
  area: SessionArea,
  now = Date.now(),
): Promise<StaffSession | null> {
  const stored = await area.get(SESSION_KEY);
  if (!isStoredSession(stored)) {
    if (stored !== undefined) await area.remove(SESSION_KEY);
    return null;
  }
  const lastActiveAt = await lastActivity(area, stored);
  if (isIdle(stored, lastActiveAt, now)) {
    await lockSession(area);
    return null;
  }

  const secrets = schemeSecretsFromJson(stored.secrets);
  const staffSeed = fromBase64UrlExact(stored.staffSeed, 32);
  if (!secrets || !staffSeed) {
    await lockSession(area);
    return null;
  }
  return { ...stored, lastActiveAt, secrets, staffSeed };
}

/** Records activity so the session stays unlocked; false when it had already locked. */
export async function touchSession(area: SessionArea, now = Date.now()): Promise<boolean> {
  const stored = await area.get(SESSION_KEY);
  if (!isStoredSession(stored) || isIdle(stored, await lastActivity(area, stored), now)) {
    await lockSession(area);
    return false;
  }
  await area.set(ACTIVE_KEY, now);
  return true;
}

/**
 * Replaces the unlocked secrets of the running session (a members' key epoch was added), keeping
 * its times. False when the session has locked meanwhile: nothing is written back.
 */
export async function updateSessionSecrets(
  area: SessionArea,
  secrets: SchemeSecrets,
): Promise<boolean> {
  const stored = await area.get(SESSION_KEY);
  if (!isStoredSession(stored) || stored.scheme !== secrets.scheme) return false;
  await area.set(SESSION_KEY, { ...stored, secrets: schemeSecretsToJson(secrets) });
  return true;
}

/**
 * Replaces the running session's journal seed after its staff member changed their passphrase
 * (passphrase-change.ts), keeping its times. False when the session has locked meanwhile or is
 * another staff member's: nothing is written back.
 */
export async function updateSessionSeed(
  area: SessionArea,
  scheme: string,
  staff: string,
  staffSeed: Uint8Array,
): Promise<boolean> {
  const seed = toBase64Url(requireBytes(staffSeed, 32, 'updateSessionSeed: staff seed'));
  const stored = await area.get(SESSION_KEY);
  if (!isStoredSession(stored) || stored.scheme !== scheme || stored.staff !== staff) return false;
  await area.set(SESSION_KEY, { ...stored, staffSeed: seed });
  return true;
}

/** Locks now: the secrets leave session memory. */
export async function lockSession(area: SessionArea): Promise<void> {
  await area.remove(SESSION_KEY);
  await area.remove(ACTIVE_KEY);
}

/** Locks the session if it has been idle too long; true when it locked (the alarm calls this). */
export async function lockIfIdle(area: SessionArea, now = Date.now()): Promise<boolean> {
  const stored = await area.get(SESSION_KEY);
  if (stored === undefined) return false;
  if (isStoredSession(stored) && !isIdle(stored, await lastActivity(area, stored), now)) {
    return false;
  }
  await lockSession(area);
  return true;
}

async function lastActivity(area: SessionArea, stored: StoredSession): Promise<number> {
  const active = await area.get(ACTIVE_KEY);
  // Activity from before this unlock (a previous session's touch) does not count.
  return typeof active === 'number' && active > stored.lastActiveAt ? active : stored.lastActiveAt;
}

function isIdle(stored: StoredSession, lastActiveAt: number, now: number): boolean {
  return now - lastActiveAt > stored.idleMinutes * 60_000;
}

function isStoredSession(value: unknown): value is StoredSession {
  const keys = [
    'v',
    'scheme',
    'staff',
    'secrets',
    'staffSeed',
    'unlockedAt',
    'lastActiveAt',
    'idleMinutes',
  ];
  return (
    hasExactKeys(value, keys) &&
    value.v === 1 &&
    typeof value.scheme === 'string' &&
    typeof value.staff === 'string' &&
    isInt(value.unlockedAt) &&
    isInt(value.lastActiveAt) &&
    isInt(value.idleMinutes, 1, 120)
  );
}
