import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { fromBase64UrlExact, toBase64Url } from '../encoding/bytes.js';
import type { SchemeSecrets } from '../protocol/keys.js';
import { openJson, sealJson, staffStateKey, type SealedJson } from './sealed-json.js';

/**
 * The enrolment keys of the invites this device made before the scheme staff journal carried
 * them (docs/protocol.md §4.6), kept per invite id, sealed like the rest of the staff state at
 * rest (sealed-json.ts). Nothing is added here any more: invites now share their key in the
 * journal (invite-keys.ts), and at the next unlock this device publishes what it kept there and
 * forgets it (`shareKeptEnrolmentKeys`).
 */

interface EnrolmentKeySchema extends DBSchema {
  keys: { key: [string, string]; value: { scheme: string; invite: string; sealed: SealedJson } };
}

/** The enrolment key store's database. */
export type EnrolmentKeyDb = IDBPDatabase<EnrolmentKeySchema>;

/** Default database name; tests pass their own. */
export const ENROLMENT_KEY_DB_NAME = 'umn-staff-enrolment-keys';

/** Opens (and creates) the enrolment key store. */
export function openEnrolmentKeyDb(name = ENROLMENT_KEY_DB_NAME): Promise<EnrolmentKeyDb> {
  return openDB<EnrolmentKeySchema>(name, 1, {
    upgrade(db) {
      db.createObjectStore('keys', { keyPath: ['scheme', 'invite'] });
    },
  });
}

/**
 * Keeps an invite's enrolment key on this device. The staff page no longer calls it (invites
 * share their key in the journal); it is how keys of before were kept, and what tests seed.
 */
export async function keepEnrolmentKey(
  db: EnrolmentKeyDb,
  secrets: SchemeSecrets,
  invite: string,
  key: Uint8Array,
): Promise<void> {
  const sealed = sealJson({ invite, key: toBase64Url(key) }, staffStateKey(secrets));
  await db.put('keys', { scheme: secrets.scheme, invite, sealed });
}

/** Forgets an invite's enrolment key: enrolments under it no longer verify on this device. */
export async function forgetEnrolmentKey(
  db: EnrolmentKeyDb,
  secrets: SchemeSecrets,
  invite: string,
): Promise<void> {
  await db.delete('keys', [secrets.scheme, invite]);
}

/** Every enrolment key this device holds for the scheme, by invite id. */
export async function enrolmentKeys(
  db: EnrolmentKeyDb,
  secrets: SchemeSecrets,
): Promise<Map<string, Uint8Array>> {
  const stateKey = staffStateKey(secrets);
  const keys = new Map<string, Uint8Array>();
  const range = IDBKeyRange.bound([secrets.scheme, ''], [secrets.scheme, '\uffff']);
  for (const row of await db.getAll('keys', range)) {
    const opened = openJson(row.sealed, stateKey) as { invite?: unknown; key?: unknown } | null;
    const key = fromBase64UrlExact(opened?.key, 32);
    if (key && opened?.invite === row.invite) keys.set(row.invite, key);
  }
  return keys;
}
