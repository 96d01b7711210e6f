import nacl from 'tweetnacl';
import { toBase64Url, wipe } from '../encoding/bytes.js';
import { wipeSchemeSecrets } from '../protocol/keys.js';
import { journalSigningKeyPair } from '../protocol/staff-journal.js';
import {
  createOwnStaffVault,
  DEFAULT_KDF,
  unlockStaffVault,
  type StaffVault,
} from '../protocol/staff-vault.js';
import type { RelayClient } from '../relay-client.js';
import { archiveVault } from './journal-rekey.js';
import type { SessionArea } from './session-area.js';
import type { StaffDb } from './staff-db.js';
import type { StaffJournal } from './staff-journal.js';
import { generateStaffPassphrase } from './staff-members.js';
import { updateSessionSeed, type StaffSession } from './staff-session.js';

/**
 * A staff member changes their own passphrase (docs/staff.md, "Changing your passphrase"). The
 * colleague who added them generated the first one and so could unlock and sign as them; the new
 * one is generated on their own device and shown only there. The scheme secrets stay the same:
 * the change gives a new vault under the same staff id and moves their journal signing key
 * (`staff-key-change`, docs/protocol.md §4.12), so the old passphrase signs nothing more.
 *
 * The new passphrase is generated like a new member's (77 bits), never chosen: whoever holds the
 * relay's data can try passphrases against a vault offline, and a chosen one would fall to that.
 */

/** What a change needs: the unlocked session, its journal, the relay and this device's stores. */
export interface PassphraseChangeContext {
  session: Pick<StaffSession, 'scheme' | 'staff' | 'secrets' | 'staffSeed'>;
  journal: Pick<StaffJournal, 'changeKey'>;
  relay: Pick<RelayClient, 'staffVaults' | 'putStaffVault'>;
  db: StaffDb;
  area: SessionArea;
  /** The scheme's box key as the directory lists it, kept with the device's copy of the vault. */
  boxKey: string;
}

/**
 * The outcome. `stored: false`: the change is made and the new vault is kept on this device,
 * where it unlocks; the relay takes it at a later unlock or retry (finishPassphraseChange).
 */
export type PassphraseChange =
  | { ok: true; passphrase: string; stored: boolean }
  | {
      ok: false;
      reason: 'wrong-passphrase' | 'offline' | 'broken' | 'key-conflict' | 'passphrase-changed';
    };

/**
 * Changes the unlocked staff member's passphrase, after `current` proves it is them at the
 * keyboard. Must be online: when the journal does not take the key change, nothing changed.
 * Throws only on misuse.
 */
export async function changeStaffPassphrase(
  context: PassphraseChangeContext,
  current: string,
  cost: { logN: number; r: number; p: number } = DEFAULT_KDF,
): Promise<PassphraseChange> {
  const { session, db, relay } = context;
  const { scheme, staff, secrets } = session;
  let vaults: StaffVault[];
  try {
    vaults = (await relay.staffVaults(scheme)).vaults;
  } catch {
    return { ok: false, reason: 'offline' };
  }
  const kept = await db.get('vault-pending', [scheme, staff]);
  const own = [kept?.vault, ...vaults].filter((v) => v?.staff === staff);
  if (!(await opensToSession(own, current, session.staffSeed))) {
    return { ok: false, reason: 'wrong-passphrase' };
  }

  const passphrase = generateStaffPassphrase();
  const { vault, staffSeed } = await createOwnStaffVault(secrets, passphrase, staff, cost);
  const publicKey = toBase64Url(journalSigningKeyPair(staffSeed).publicKey);

  // The journal first, the relay's vault second. The other order could leave the relay with a
  // vault only the new passphrase opens while the journal still binds the old key: every entry
  // the person then signs is refused, and the old passphrase opens nothing on the relay. This
  // way a failed entry changes nothing, and a failed upload leaves the new vault on this device.
  const changed = await context.journal.changeKey(staffSeed);
  if (changed !== 'changed') {
    wipe(staffSeed);
    return { ok: false, reason: changed };
  }

  // Kept until the relay holds it: until then only this device unlocks with the new passphrase.
  await db.put('vault-pending', { scheme, staff, publicKey, vault });
  await updateSessionSeed(context.area, scheme, staff, staffSeed);
  wipe(staffSeed);
  // The device's kept copy (journal-rekey.ts) must be the vault the passphrase known now opens.
  await archiveVault(db, vault, context.boxKey).catch(() => undefined);
  const stored = await relay.putStaffVault(secrets, vault).then(
    () => true,
    () => false,
  );
  if (stored) await db.delete('vault-pending', [scheme, staff]);
  return { ok: true, passphrase, stored };
}

/**
 * Sends this device's pending vault (a passphrase change the relay did not take) once the
 * journal shows the change landed; forgets it when the journal binds another key (the change
 * never landed, or a later one replaced it). Run at unlock and on a retry; never throws.
 */
export async function finishPassphraseChange(context: {
  session: Pick<StaffSession, 'scheme' | 'staff' | 'secrets'>;
  journal: Pick<StaffJournal, 'sync' | 'boundKey'>;
  relay: Pick<RelayClient, 'putStaffVault'>;
  db: StaffDb;
}): Promise<'none' | 'stored' | 'discarded' | 'offline'> {
  const { scheme, staff, secrets } = context.session;
  try {
    const pending = await context.db.get('vault-pending', [scheme, staff]);
    if (!pending) return 'none';

    const sync = await context.journal.sync();
    // Offline or a broken chain: what the journal binds is not known for sure. Try again later.
    if (!sync.ok && (sync.reason === 'offline' || sync.reason === 'broken')) return 'offline';
    if ((await context.journal.boundKey()) !== pending.publicKey) {
      await context.db.delete('vault-pending', [scheme, staff]);
      return 'discarded';
    }
    await context.relay.putStaffVault(secrets, pending.vault);
    await context.db.delete('vault-pending', [scheme, staff]);
    return 'stored';
  } catch {
    return 'offline';
  }
}

/**
 * The scheme's vaults as unlock should try them: this device's pending vaults first (after a
 * passphrase change the relay has not taken yet, only they open with the new passphrase).
 */
export async function withPendingVaults(
  db: StaffDb,
  scheme: string,
  vaults: readonly StaffVault[],
): Promise<StaffVault[]> {
  const pending = await db.getAllFromIndex('vault-pending', 'scheme', scheme).catch(() => []);
  return [...pending.map((p) => p.vault), ...vaults];
}

/** True when `passphrase` opens one of `vaults` to this session's own journal seed. */
async function opensToSession(
  vaults: readonly (StaffVault | undefined)[],
  passphrase: string,
  staffSeed: Uint8Array,
): Promise<boolean> {
  for (const vault of vaults) {
    const opened = await unlockStaffVault(vault, passphrase);
    if (!opened.ok) continue;
    wipeSchemeSecrets(opened.secrets);
    const same = nacl.verify(opened.staffSeed, staffSeed);
    wipe(opened.staffSeed);
    if (same) return true;
  }
  return false;
}
