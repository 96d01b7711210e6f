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
