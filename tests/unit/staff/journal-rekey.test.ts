import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { toBase64Url } from '../../../shared/encoding/bytes.js';
import type { SchemeSecrets } from '../../../shared/protocol/keys.js';
import { createStaffVault } from '../../../shared/protocol/staff-vault.js';
import {
  archiveVault,
  carryJournalOver,
  vaultsBeforeRekey,
} from '../../../shared/staff/journal-rekey.js';
import { openStaffDb, type StaffDb } from '../../../shared/staff/staff-db.js';
import { createStaffJournal } from '../../../shared/staff/staff-journal.js';
import { fakeJournalRelay, type FakeJournalRelay } from './journal-fixtures.js';
import { newId, schemeSecrets } from './staff-fixtures.js';

const CHEAP = { logN: 10, r: 8, p: 1 };
const OLD_WORDS = 'alice passphrase from before';

function journalOn(
  db: StaffDb,
  relay: FakeJournalRelay,
  secrets: SchemeSecrets,
  staff: string,
  seed: number,
) {
  return createStaffJournal(db, relay, {
    scheme: secrets.scheme,
    staff,
    secrets,
    staffSeed: new Uint8Array(32).fill(seed),
  });
}

describe('carrying the staff journal over a re-key', () => {
  it('lets remaining staff read the old log again, and the removed one none of the new', async () => {
    const relay = fakeJournalRelay();
    const before = schemeSecrets();
    const report = newId();

    // Before the re-key: Alice and Mallory share the scheme's keys.
    const aliceDb = await openStaffDb(`rekey-${newId()}`);
    const aliceOld = newId();
    await archiveVault(
      aliceDb,
      await createStaffVault(before, OLD_WORDS, aliceOld, CHEAP),
      toBase64Url(before.box.publicKey),
    );
    const aliceThen = journalOn(aliceDb, relay, before, aliceOld, 1);
    await aliceThen.append({ type: 'status', report, status: 'in-review' });
    const malloryDb = await openStaffDb(`rekey-${newId()}`);
    const mallory = journalOn(malloryDb, relay, before, newId(), 3);
    await mallory.append({ type: 'note', report, notes: 'Called the reporter.' });

    // The operator re-keys; Alice and Bob get new vaults, Mallory does not.
    const after = schemeSecrets(before.scheme);
    const newBoxKey = toBase64Url(after.box.publicKey);
    const alice = journalOn(aliceDb, relay, after, newId(), 11);
    await alice.append({ type: 'audit', action: 'unlock', subject: '' });
    const old = await alice.view();
    expect(old.check.refused.map((r) => r.fault)).toEqual([
      'does-not-open',
      'does-not-open',
      'does-not-open',
      'does-not-open',
    ]);
    expect(old.reports.get(report)).toBeUndefined();

    const kept = await vaultsBeforeRekey(aliceDb, before.scheme, newBoxKey);
    expect(kept).toHaveLength(1);
    expect(
      await vaultsBeforeRekey(aliceDb, before.scheme, toBase64Url(before.box.publicKey)),
    ).toEqual([]);
    expect(await carryJournalOver(aliceDb, alice, kept, 'not the old words')).toBe(
      'wrong-passphrase',
    );
    expect(await carryJournalOver(aliceDb, alice, kept, OLD_WORDS)).toBe('carried');
    expect(await vaultsBeforeRekey(aliceDb, before.scheme, newBoxKey)).toEqual([]);

    const carried = await alice.view();
    expect(carried.check).toEqual({ ok: true, entries: 7, brokenAt: null, refused: [] });
    expect(carried.reports.get(report)).toMatchObject({
      status: 'in-review',
      notes: 'Called the reporter.',
    });
    expect(carried.audit[0]!.action).toBe('carry-journal');

    // Bob, a remaining staff member on another device, reads the old log too.
    const bob = journalOn(await openStaffDb(`rekey-${newId()}`), relay, after, newId(), 12);
    await bob.sync();
    expect((await bob.view()).reports.get(report)?.status).toBe('in-review');

    // After the re-key Alice closes the report; Mallory, with the old keys only, cannot see it.
    await alice.append({ type: 'status', report, status: 'closed' });
    await mallory.sync();
    const seenByMallory = await mallory.view();
    expect(seenByMallory.reports.get(report)?.status).toBe('in-review');
    expect(seenByMallory.check.refused.map((r) => r.seq)).toEqual([5, 6, 7, 8]);
  });
});
