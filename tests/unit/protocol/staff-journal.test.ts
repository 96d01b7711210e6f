import { describe, expect, it } from 'vitest';
import { fromBase64Url, toBase64Url } from '../../../shared/encoding/bytes.js';
import { createMembersKey, createSchemeSecrets } from '../../../shared/protocol/keys.js';
import {
  JOURNAL_GENESIS,
  isJournalEnvelope,
  journalKey,
  journalLink,
  journalSigningKeyPair,
  openJournalEnvelope,
  sealJournalEntry,
  staffKeyChangeBody,
  verifyJournal,
  type JournalEntry,
  type JournalRecord,
} from '../../../shared/protocol/staff-journal.js';

const secrets = createSchemeSecrets('north-east', [createMembersKey(1)]);
const key = journalKey(secrets);
const ALICE = 'AAAAAAAAAAAAAAAAAAAAAA';
const BOB = 'BBBBBBBBBBBBBBBBBBBBBA';
const alice = journalSigningKeyPair(new Uint8Array(32).fill(1));
const bob = journalSigningKeyPair(new Uint8Array(32).fill(2));

/** Builds a chain of records the way the relay stores them. */
function chain(
  steps: { staff: string; signer: { secretKey: Uint8Array }; body: JournalEntry['body'] }[],
): JournalRecord[] {
  const records: JournalRecord[] = [];
  let previous = JOURNAL_GENESIS;
  steps.forEach((step, index) => {
    const entry: JournalEntry = {
      v: 1,
      scheme: 'north-east',
      staff: step.staff,
      previous,
      at: 1_000 + index,
      body: step.body,
    };
    const envelope = sealJournalEntry(entry, step.signer.secretKey, key);
    const link = journalLink(previous, envelope);
    records.push({ seq: index + 1, previous, link, envelope });
    previous = link;
  });
  return records;
}

const announce = (pair: { publicKey: Uint8Array }) => ({
  type: 'staff-key',
  publicKey: toBase64Url(pair.publicKey),
});

describe('staff journal', () => {
  it('seals, chains and verifies entries from two staff members', async () => {
    const records = chain([
      { staff: ALICE, signer: alice, body: announce(alice) },
      { staff: BOB, signer: bob, body: announce(bob) },
      { staff: ALICE, signer: alice, body: { type: 'status', report: ALICE, status: 'alerted' } },
    ]);
    const check = await verifyJournal(records, key, 'north-east');
    expect(check.brokenAt).toBeNull();
    expect(check.refused).toEqual([]);
    expect(check.entries.map((e) => [e.seq, e.staff, e.body.type])).toEqual([
      [1, ALICE, 'staff-key'],
      [2, BOB, 'staff-key'],
      [3, ALICE, 'status'],
    ]);
    expect(check.head).toBe(records[2]!.link);
    // Continuing from a verified prefix gives the same answer.
    const first = await verifyJournal(records.slice(0, 2), key, 'north-east');
    const rest = await verifyJournal(records.slice(2), key, 'north-east', first);
    expect(rest.entries.map((e) => e.seq)).toEqual([3]);
  });

  it('refuses an entry a colleague signed in another staff member’s name', async () => {
    const records = chain([
      { staff: ALICE, signer: alice, body: announce(alice) },
      { staff: BOB, signer: bob, body: announce(bob) },
      // Bob holds the same scheme secrets but not Alice's key.
      { staff: ALICE, signer: bob, body: { type: 'status', report: ALICE, status: 'closed' } },
      // Nor can he announce a second key for her.
      { staff: ALICE, signer: bob, body: announce(bob) },
      // Nor act as a staff member who never announced a key.
      { staff: 'CCCCCCCCCCCCCCCCCCCCCA', signer: bob, body: { type: 'audit' } },
    ]);
    const check = await verifyJournal(records, key, 'north-east');
    expect(check.brokenAt).toBeNull();
    expect(check.refused).toEqual([
      { seq: 3, fault: 'bad-signature' },
      { seq: 4, fault: 'key-conflict' },
      { seq: 5, fault: 'unknown-signer' },
    ]);
    expect(check.entries).toHaveLength(2);
  });

  it('shows an edited, removed, reordered or re-linked entry as a broken chain', async () => {
    const records = chain([
      { staff: ALICE, signer: alice, body: announce(alice) },
      { staff: ALICE, signer: alice, body: { type: 'audit', action: 'unlock' } },
      { staff: ALICE, signer: alice, body: { type: 'audit', action: 'lock' } },
    ]);
    const removed = [records[0]!, records[2]!];
    expect((await verifyJournal(removed, key, 'north-east')).brokenAt).toBe(3);
    const reordered = [records[0]!, records[2]!, records[1]!];
    expect((await verifyJournal(reordered, key, 'north-east')).brokenAt).toBe(3);

    // The relay recomputes links for an edited box: the signed `previous` inside still differs.
    const box = fromBase64Url(records[1]!.envelope.box)!;
    box[40] = box[40]! ^ 1;
    const edited = { ...records[1]!.envelope, box: toBase64Url(box) };
    const relinked: JournalRecord[] = [
      records[0]!,
      { ...records[1]!, envelope: edited, link: journalLink(records[1]!.previous, edited) },
    ];
    const check = await verifyJournal(relinked, key, 'north-east');
    expect(check.refused).toEqual([{ seq: 2, fault: 'does-not-open' }]);
    expect((await verifyJournal([records[1]!], key, 'north-east')).brokenAt).toBe(2);
  });

  it('opens nothing with another scheme’s key, and pads sizes to buckets', async () => {
    const other = journalKey(createSchemeSecrets('london', [createMembersKey(1)]));
    const [record] = chain([{ staff: ALICE, signer: alice, body: announce(alice) }]);
    expect(openJournalEnvelope(record!.envelope, other)).toBeNull();
    expect((await verifyJournal([record!], other, 'north-east')).refused).toEqual([
      { seq: 1, fault: 'does-not-open' },
    ]);
    expect((await verifyJournal([record!], key, 'london')).refused).toEqual([
      { seq: 1, fault: 'does-not-open' },
    ]);
    // A key carried over a re-key opens what the current one does not.
    expect((await verifyJournal([record!], [other, key], 'north-east')).entries).toHaveLength(1);
    expect(fromBase64Url(record!.envelope.box)!.length).toBe(1024 + 16);
    expect(isJournalEnvelope(record!.envelope)).toBe(true);
    expect(isJournalEnvelope({ ...record!.envelope, box: 'AAAA' })).toBe(false);
  });

  it('moves a staff member to a new key with a key change the bound key signs', async () => {
    const alice2 = journalSigningKeyPair(new Uint8Array(32).fill(3));
    const change = staffKeyChangeBody('north-east', ALICE, alice.publicKey, alice2);
    const records = chain([
      { staff: ALICE, signer: alice, body: announce(alice) },
      { staff: ALICE, signer: alice, body: change },
      { staff: ALICE, signer: alice2, body: { type: 'audit', action: 'unlock', subject: '' } },
      // Whoever still knows the old passphrase can no longer act as her.
      { staff: ALICE, signer: alice, body: { type: 'audit', action: 'lock', subject: '' } },
      // Nor announce the old key again.
      { staff: ALICE, signer: alice, body: announce(alice) },
    ]);
    const check = await verifyJournal(records, key, 'north-east');
    expect(check.entries.map((e) => [e.seq, e.body.type])).toEqual([
      [1, 'staff-key'],
      [2, 'staff-key-change'],
      [3, 'audit'],
    ]);
    expect(check.refused).toEqual([
      { seq: 4, fault: 'bad-signature' },
      { seq: 5, fault: 'key-conflict' },
    ]);
    expect(check.staffKeys.get(ALICE)).toBe(toBase64Url(alice2.publicKey));
    // Continuing from the verified prefix keeps the new binding.
    const first = await verifyJournal(records.slice(0, 2), key, 'north-east');
    const rest = await verifyJournal(records.slice(2, 3), key, 'north-east', first);
    expect(rest.refused).toEqual([]);
  });

  it('refuses a key change with a wrong proof, by another key, or replayed', async () => {
    const alice2 = journalSigningKeyPair(new Uint8Array(32).fill(3));
    const mallory = journalSigningKeyPair(new Uint8Array(32).fill(4));
    const change = staffKeyChangeBody('north-east', ALICE, alice.publicKey, alice2);
    const records = chain([
      { staff: ALICE, signer: alice, body: announce(alice) },
      { staff: BOB, signer: bob, body: announce(bob) },
      // A proof the new key never made (Mallory's key named, Alice2's proof).
      {
        staff: ALICE,
        signer: alice,
        body: { ...change, publicKey: toBase64Url(mallory.publicKey) },
      },
      // A proof made for another staff member, or for another old key.
      {
        staff: ALICE,
        signer: alice,
        body: staffKeyChangeBody('north-east', BOB, alice.publicKey, mallory),
      },
      {
        staff: ALICE,
        signer: alice,
        body: staffKeyChangeBody('north-east', ALICE, bob.publicKey, mallory),
      },
      // Bob, who holds the scheme secrets, moves Alice to a key he holds.
      {
        staff: ALICE,
        signer: bob,
        body: staffKeyChangeBody('north-east', ALICE, alice.publicKey, mallory),
      },
      // The real change, then the same change again: by the old key, and by the new one.
      { staff: ALICE, signer: alice, body: change },
      { staff: ALICE, signer: alice, body: change },
      { staff: ALICE, signer: alice2, body: change },
      // A staff member with no bound key cannot change one.
      {
        staff: 'CCCCCCCCCCCCCCCCCCCCCA',
        signer: mallory,
        body: staffKeyChangeBody('north-east', 'CCCCCCCCCCCCCCCCCCCCCA', mallory.publicKey, alice2),
      },
    ]);
    const check = await verifyJournal(records, key, 'north-east');
    expect(check.refused).toEqual([
      { seq: 3, fault: 'bad-signature' },
      { seq: 4, fault: 'bad-signature' },
      { seq: 5, fault: 'bad-signature' },
      { seq: 6, fault: 'bad-signature' },
      { seq: 8, fault: 'bad-signature' },
      { seq: 9, fault: 'bad-signature' },
      { seq: 10, fault: 'unknown-signer' },
    ]);
    expect(check.entries.map((e) => e.seq)).toEqual([1, 2, 7]);
    expect(check.staffKeys.get(ALICE)).toBe(toBase64Url(alice2.publicKey));
    // A malformed key change does not even seal.
    const entry: JournalEntry = {
      v: 1,
      scheme: 'north-east',
      staff: ALICE,
      previous: JOURNAL_GENESIS,
      at: 1,
      body: { type: 'staff-key-change', publicKey: change.publicKey },
    };
    expect(() => sealJournalEntry(entry, alice.secretKey, key)).toThrow(TypeError);
  });

  it('throws on misuse before any work', () => {
    const entry: JournalEntry = {
      v: 1,
      scheme: 'north-east',
      staff: ALICE,
      previous: JOURNAL_GENESIS,
      at: 1,
      body: { type: 'audit' },
    };
    expect(() => sealJournalEntry(entry, alice.secretKey, new Uint8Array(31))).toThrow(TypeError);
    expect(() => sealJournalEntry({ ...entry, staff: 'x' }, alice.secretKey, key)).toThrow(
      TypeError,
    );
    const huge = { ...entry, body: { type: 'note', notes: 'x'.repeat(40_000) } };
    expect(() => sealJournalEntry(huge, alice.secretKey, key)).toThrow(RangeError);
    expect(() => journalSigningKeyPair(new Uint8Array(31))).toThrow(TypeError);
  });
});
