import { toBase64Url } from '../encoding/bytes.js';
import { wipeSchemeSecrets } from '../protocol/keys.js';
import { journalKey } from '../protocol/staff-journal.js';
import { unlockStaffVault, type StaffVault } from '../protocol/staff-vault.js';
import type { ArchivedVault, StaffDb } from './staff-db.js';
import type { StaffJournal } from './staff-journal.js';

/**
 * Carrying the scheme staff journal over a re-key (docs/staff.md, "Removing a staff member").
 * The operator's `rekey-scheme` gives the scheme new keys without ever holding the old ones, so
 * the new journal key (derived from the new box key) opens nothing written before. A remaining
 * staff member whose device kept the vault it used to unlock, and who still knows the passphrase
 * of then, opens that old vault once and appends the old journal key to the journal, sealed under
 * the new key: every remaining staff member then reads the old entries again, and whoever was
 * removed (who has no new vault) reads nothing written after the re-key.
 */

/** Keeps the vault that just unlocked, with the box key the directory lists for it now. */
export async function archiveVault(db: StaffDb, vault: StaffVault, boxKey: string): Promise<void> {
  await db.put('vault-archive', { scheme: vault.scheme, staff: vault.staff, boxKey, vault });
}

/** Vaults this device kept for the scheme's keys of before a re-key (none: nothing to carry). */
export async function vaultsBeforeRekey(
  db: StaffDb,
  scheme: string,
  currentBoxKey: string,
): Promise<ArchivedVault[]> {
  const kept = await db.getAllFromIndex('vault-archive', 'scheme', scheme);
  return kept.filter((archived) => archived.boxKey !== currentBoxKey);
}

/**
 * Opens one of `archived` with the passphrase of before the re-key and appends its journal key
 * to the journal; the archive is then forgotten. `wrong-passphrase` when none opens; the
 * journal's own answer (offline: queued) otherwise.
 */
export async function carryJournalOver(
  db: StaffDb,
  journal: Pick<StaffJournal, 'append'>,
  archived: readonly ArchivedVault[],
  passphrase: string,
): Promise<'carried' | 'wrong-passphrase'> {
  for (const entry of archived) {
    const opened = await unlockStaffVault(entry.vault, passphrase);
    if (!opened.ok) continue;
    const oldKey = journalKey(opened.secrets);
    const keys = [toBase64Url(oldKey)];
    oldKey.fill(0);
    opened.staffSeed.fill(0);
    wipeSchemeSecrets(opened.secrets);
    await journal.append({ type: 'journal-keys', keys });
    for (const done of archived) await db.delete('vault-archive', [done.scheme, done.staff]);
    return 'carried';
  }
  return 'wrong-passphrase';
}
