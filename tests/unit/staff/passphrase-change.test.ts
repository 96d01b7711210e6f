import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { toBase64Url } from '../../../shared/encoding/bytes.js';
import type { SchemeSecrets } from '../../../shared/protocol/keys.js';
import { journalSigningKeyPair } from '../../../shared/protocol/staff-journal.js';
import {
  createStaffVault,
  unlockStaffVault,
  type StaffVault,
} from '../../../shared/protocol/staff-vault.js';
import { RelayError } from '../../../shared/relay-client.js';
import { archiveVault } from '../../../shared/staff/journal-rekey.js';
import {
  changeStaffPassphrase,
  finishPassphraseChange,
  withPendingVaults,
} from '../../../shared/staff/passphrase-change.js';
import { memorySessionArea } from '../../../shared/staff/session-area.js';
import { openStaffDb } from '../../../shared/staff/staff-db.js';
import { createStaffJournal } from '../../../shared/staff/staff-journal.js';
import {
  readSession,
  startSession,
  unlockFromVaults,
} from '../../../shared/staff/staff-session.js';
import { fakeJournalRelay } from './journal-fixtures.js';
import { newId, schemeSecrets } from './staff-fixtures.js';

const CHEAP = { logN: 10, r: 8, p: 1 };
const GIVEN = 'words a colleague once generated';

/** A relay holding one scheme's journal and staff vaults; `vaultsDown` refuses vault writes. */
function fakeRelay() {
  const journal = fakeJournalRelay();
  const vaults = new Map<string, StaffVault>();
  const state = { vaultsDown: false, puts: 0 };
  return {
    ...journal,
    vaults,
    vaultState: state,
    staffVaults: async () => ({ vaults: [...vaults.values()] }),
    putStaffVault: async (_s: SchemeSecrets, vault: StaffVault) => {
      if (state.vaultsDown) throw new RelayError('offline', 0, 'The relay could not be reached.');
      state.puts++;
      vaults.set(vault.staff, vault);
      return { stored: true };
    },
  };
}

/** Alice, unlocked on her device with the passphrase a colleague generated for her. */
async function aliceUnlocked(relay = fakeRelay(), secrets = schemeSecrets()) {
  const staff = newId();
  const vault = await createStaffVault(secrets, GIVEN, staff, CHEAP);
  relay.vaults.set(staff, vault);
  const db = await openStaffDb(`passphrase-${newId()}`);
  const boxKey = toBase64Url(secrets.box.publicKey);
  await archiveVault(db, vault, boxKey);
  const unlocked = await unlockFromVaults([...relay.vaults.values()], GIVEN);
  if (!unlocked.ok) throw new Error('fixture did not unlock');
  const area = memorySessionArea();
  const session = await startSession(area, unlocked);
  const journal = createStaffJournal(db, relay, session);
  await journal.append({ type: 'audit', action: 'unlock', subject: '' });
  const context = { session, journal, relay, db, area, boxKey };
  return {
    relay,
    secrets,
    staff,
    db,
    area,
    session,
    journal,
    context,
    oldSeed: unlocked.staffSeed,
  };
}

describe('changeStaffPassphrase', () => {
  it('gives a new generated passphrase, moves the signing key and replaces the vault', async () => {
    const alice = await aliceUnlocked();
    // Alice's other device, still unlocked with the passphrase of before.
    const otherDb = await openStaffDb(`passphrase-${newId()}`);
    const other = createStaffJournal(otherDb, alice.relay, {
      ...alice.session,
      staffSeed: alice.oldSeed,
    });

    const changed = await changeStaffPassphrase(alice.context, GIVEN, CHEAP);
    if (!changed.ok) throw new Error(`not changed: ${changed.reason}`);
    expect(changed.stored).toBe(true);
    expect(changed.passphrase.split(' ')).toHaveLength(7);

    // The relay's vault, same staff id, opens with the new passphrase only.
    const vault = alice.relay.vaults.get(alice.staff)!;
    expect((await unlockStaffVault(vault, GIVEN)).ok).toBe(false);
    const opened = await unlockStaffVault(vault, changed.passphrase);
    if (!opened.ok) throw new Error('new vault does not open');
    expect(opened.secrets.box.secretKey).toEqual(alice.secrets.box.secretKey);

    // The session, the journal and the device's kept copy follow the new passphrase.
    expect((await readSession(alice.area))!.staffSeed).toEqual(opened.staffSeed);
    const newKey = toBase64Url(journalSigningKeyPair(opened.staffSeed).publicKey);
    expect(await alice.journal.boundKey()).toBe(newKey);
    expect(
      (await alice.db.get('vault-archive', [alice.secrets.scheme, alice.staff]))!.vault,
    ).toEqual(vault);
    expect(await alice.db.getAll('vault-pending')).toEqual([]);
    const after = await alice.journal.append({ type: 'audit', action: 'lock', subject: '' });
    expect(after).toMatchObject({ ok: true, pending: 0 });
    const view = await alice.journal.view();
    expect(view.check).toMatchObject({ ok: true, refused: [] });
    expect(view.audit.map((e) => e.action)).toEqual([
      'lock',
      'change-passphrase',
      'unlock',
      'join-journal',
    ]);

    // The other device's session can no longer sign; it says why, and its action waits.
    const refused = await other.append({ type: 'audit', action: 'open-report', subject: '' });
    expect(refused).toEqual({ ok: false, reason: 'passphrase-changed', pending: 1 });
    // Unlocked again with the new passphrase, the same device sends it.
    const again = createStaffJournal(otherDb, alice.relay, {
      ...alice.session,
      staffSeed: opened.staffSeed,
    });
    expect(await again.sync()).toMatchObject({ ok: true, sent: 1, pending: 0 });
    expect((await again.view()).check).toMatchObject({ ok: true, refused: [] });
  });

  it('changes nothing for a wrong current passphrase or when the journal is not reached', async () => {
    const alice = await aliceUnlocked();
    const vault = alice.relay.vaults.get(alice.staff);
    const entries = alice.relay.entries.length;

    expect(await changeStaffPassphrase(alice.context, 'not my passphrase at all', CHEAP)).toEqual({
      ok: false,
      reason: 'wrong-passphrase',
    });
    alice.relay.state.offline = true;
    expect(await changeStaffPassphrase(alice.context, GIVEN, CHEAP)).toEqual({
      ok: false,
      reason: 'offline',
    });
    alice.relay.state.offline = false;

    expect(alice.relay.vaults.get(alice.staff)).toBe(vault);
    expect(alice.relay.entries).toHaveLength(entries);
    expect(alice.relay.vaultState.puts).toBe(0);
    expect(await alice.db.getAll('vault-pending')).toEqual([]);
    expect((await readSession(alice.area))!.staffSeed).toEqual(alice.oldSeed);
    const oldKey = toBase64Url(journalSigningKeyPair(alice.oldSeed).publicKey);
    expect(await alice.journal.boundKey()).toBe(oldKey);
    expect(await alice.journal.sync()).toMatchObject({ ok: true });
  });

  it('counts an entry the relay stored before its answer was lost', async () => {
    const alice = await aliceUnlocked();
    const append = alice.relay.appendJournal;
    alice.relay.appendJournal = async (...args) => {
      await append(...args);
      throw new RelayError('offline', 0, 'The relay could not be reached.');
    };
    const changed = await changeStaffPassphrase(alice.context, GIVEN, CHEAP);
    expect(changed).toMatchObject({ ok: true, stored: true });
  });

  it('keeps the new vault on the device when the relay does not take it, and sends it later', async () => {
    const alice = await aliceUnlocked();
    alice.relay.vaultState.vaultsDown = true;
    const changed = await changeStaffPassphrase(alice.context, GIVEN, CHEAP);
    if (!changed.ok) throw new Error(`not changed: ${changed.reason}`);
    expect(changed.stored).toBe(false);
    expect((await unlockStaffVault(alice.relay.vaults.get(alice.staff), GIVEN)).ok).toBe(true);

    // Locked out? No: unlock on this device tries the kept vault, which the new passphrase opens.
    const listed = [...alice.relay.vaults.values()];
    expect((await unlockFromVaults(listed, changed.passphrase)).ok).toBe(false);
    const vaults = await withPendingVaults(alice.db, alice.secrets.scheme, listed);
    const unlocked = await unlockFromVaults(vaults, changed.passphrase);
    if (!unlocked.ok) throw new Error('kept vault does not open');
    expect(unlocked.staff).toBe(alice.staff);

    const journal = createStaffJournal(alice.db, alice.relay, { ...alice.session, ...unlocked });
    const context = { session: alice.session, journal, relay: alice.relay, db: alice.db };
    expect(await finishPassphraseChange(context)).toBe('offline');
    alice.relay.vaultState.vaultsDown = false;
    expect(await finishPassphraseChange(context)).toBe('stored');
    expect(await finishPassphraseChange(context)).toBe('none');
    expect(alice.relay.vaults.get(alice.staff)).toEqual(unlocked.vault);
    expect(await alice.db.getAll('vault-pending')).toEqual([]);
  });

  it('forgets a kept vault whose key change never reached the journal', async () => {
    const alice = await aliceUnlocked();
    const stray = await createStaffVault(
      alice.secrets,
      'never shown to anyone',
      alice.staff,
      CHEAP,
    );
    const publicKey = toBase64Url(journalSigningKeyPair(new Uint8Array(32).fill(9)).publicKey);
    await alice.db.put('vault-pending', {
      scheme: alice.secrets.scheme,
      staff: alice.staff,
      publicKey,
      vault: stray,
    });
    expect(await finishPassphraseChange(alice.context)).toBe('discarded');
    expect(alice.relay.vaultState.puts).toBe(0);
    expect(await alice.db.getAll('vault-pending')).toEqual([]);
  });
});
