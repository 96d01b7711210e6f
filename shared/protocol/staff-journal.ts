import nacl from 'tweetnacl';
import { canonicalJson, parseJson } from '../encoding/canonical-json.js';
import { fromBase64UrlExact, fromUtf8, toBase64Url, utf8, wipe } from '../encoding/bytes.js';
import { hasExactKeys, isFields, isId, isInt, isSchemeId, isText } from '../encoding/shape.js';
import { labelledHash } from '../crypto/hash.js';
import { randomBytes } from '../crypto/random.js';
import { signValue, verifyValue } from '../crypto/signing.js';
import type { SchemeSecrets } from './keys.js';
import { pad, unpad } from './padding.js';

/**
 * The scheme staff journal (issue 8, docs/protocol.md §4.12): one append-only, hash-chained log
 * per scheme through which the scheme's staff share report statuses, notes, drafts awaiting
 * approval and the audit log. The relay stores opaque envelopes and keeps the chain linear (an
 * append names the head it extends); it never holds a key that opens or signs an entry.
 *
 * - Confidentiality: `secretbox` under the journal key, derived from the scheme's box secret
 *   (every staff vault of the scheme holds it; the relay and other schemes do not).
 * - Who did what: each entry is signed by the acting staff member's own key, derived from their
 *   passphrase (staff-vault.ts, `staffSeed`), so a colleague holding the same scheme secrets
 *   cannot sign as them. A staff member's first entry announces their public key (`staff-key`),
 *   self-signed; the first announcement for a staff id binds it, a different later one is refused.
 * - A new passphrase (shared/staff/passphrase-change.ts): a `staff-key-change` entry, signed by
 *   the bound key, moves the binding to a new key; it carries a proof made with the new key, so
 *   nobody binds a key they do not hold. Later entries signed with the old key are refused.
 * - Order: the signed entry names the previous link, so the relay cannot re-link, reorder or
 *   insert an entry without the chain showing it.
 */

/** The previous link of a scheme's first entry. */
export const JOURNAL_GENESIS = 'genesis';

/** Plaintext buckets (bytes): notes and drafts are content, so sizes are padded like reports. */
export const JOURNAL_BUCKETS = [1024, 4096, 16384, 32768] as const;

/** Signature label of a journal entry. */
const ENTRY_LABEL = 'staff-journal';

/** Signature label of the new key's proof in a `staff-key-change` entry. */
const KEY_CHANGE_PROOF_LABEL = 'staff-key-change-proof';

/** An entry as stored on the relay: opaque to it. `box` = secretbox(pad(canonical(signed))). */
export interface JournalEnvelope {
  v: 1;
  nonce: string;
  box: string;
}

/** What one staff member did, as signed. `body.type` says what it is (shared/staff folds it). */
export interface JournalEntry {
  v: 1;
  scheme: string;
  /** The acting staff member's vault id. */
  staff: string;
  /** The link this entry extends: the previous entry's link, or JOURNAL_GENESIS. */
  previous: string;
  /** When it was done (the actor's clock, ms); an entry queued offline keeps its own time. */
  at: number;
  body: { type: string; [field: string]: unknown };
}

/** A stored entry as the relay lists it. */
export interface JournalRecord {
  seq: number;
  previous: string;
  link: string;
  envelope: JournalEnvelope;
}

/** An entry that opened, verified and sits in an unbroken chain. */
export interface VerifiedJournalEntry extends JournalEntry {
  seq: number;
  link: string;
}

/** Why one entry was refused, or where the chain broke. */
export type JournalFault =
  'broken-link' | 'does-not-open' | 'bad-signature' | 'unknown-signer' | 'key-conflict';

/** The result of checking a journal from its first entry. */
export interface JournalCheck {
  /** Entries that verified, in order. */
  entries: VerifiedJournalEntry[];
  /** Entries that are chained but were refused (not counted in `entries`, not folded). */
  refused: { seq: number; fault: Exclude<JournalFault, 'broken-link'> }[];
  /** The first seq whose link does not follow from the one before; nothing after it is used. */
  brokenAt: number | null;
  /** The last verified link: what the next append must name. */
  head: string;
  /** Staff id → public key, as bound by their first `staff-key` entry or a later key change. */
  staffKeys: Map<string, string>;
}

/**
 * The key that seals a scheme's journal: a labelled hash of the scheme's box secret, so every
 * staff member of the scheme holds it and it is unrelated to every other use of that secret.
 * A re-key (new box key) starts a new journal key; see docs/staff.md.
 */
export function journalKey(secrets: Pick<SchemeSecrets, 'box'>): Uint8Array {
  return labelledHash('staff-journal-key', secrets.box.secretKey, nacl.secretbox.keyLength);
}

/** A staff member's journal signing key pair from the 32-byte seed their unlock derived. */
export function journalSigningKeyPair(staffSeed: Uint8Array): nacl.SignKeyPair {
  if (!(staffSeed instanceof Uint8Array) || staffSeed.length !== 32) {
    throw new TypeError('journalSigningKeyPair: seed must be 32 bytes');
  }
  return nacl.sign.keyPair.fromSeed(staffSeed);
}

/**
 * The body of a `staff-key-change` entry: the new public key and its proof, a signature by the
 * NEW key over the scheme, the staff id and the key it replaces. The entry itself is signed with
 * the old key (sealJournalEntry); together they show that whoever held the old key moved the
 * binding, and that the new key's holder agreed to this very move and no other.
 */
export function staffKeyChangeBody(
  scheme: string,
  staff: string,
  oldPublicKey: Uint8Array,
  next: nacl.SignKeyPair,
): { type: 'staff-key-change'; publicKey: string; proof: string } {
  const statement = { scheme, staff, previousKey: toBase64Url(oldPublicKey) };
  return {
    type: 'staff-key-change',
    publicKey: toBase64Url(next.publicKey),
    proof: toBase64Url(signValue(KEY_CHANGE_PROOF_LABEL, statement, next.secretKey)),
  };
}

/**
 * The link of an entry: SHA-512 (label `staff-journal-link`) of the previous link and the
 * envelope's canonical JSON. The relay computes it too, to enforce one linear chain.
 */
export function journalLink(previous: string, envelope: JournalEnvelope): string {
  const bytes = utf8(`${previous}\n${canonicalJson(envelope)}`);
  return toBase64Url(labelledHash('staff-journal-link', bytes, 32));
}

/** True for a previous-link value: the genesis marker or a 32-byte link. */
export function isJournalLink(value: unknown): value is string {
  return value === JOURNAL_GENESIS || fromBase64UrlExact(value, 32) !== null;
}

/** True when `value` is a well-formed envelope (the relay's check: padded sizes only). */
export function isJournalEnvelope(value: unknown): value is JournalEnvelope {
  if (!hasExactKeys(value, ['v', 'nonce', 'box']) || value.v !== 1) return false;
  if (fromBase64UrlExact(value.nonce, nacl.secretbox.nonceLength) === null) return false;
  return JOURNAL_BUCKETS.some(
    (size) => fromBase64UrlExact(value.box, size + nacl.secretbox.overheadLength) !== null,
  );
}

/**
 * Signs an entry with the acting staff member's 64-byte secret key and seals it with the
 * journal key. Throws (before drawing any random byte) on a wrong key length or an entry that
 * is malformed or too large for the largest bucket.
 */
export function sealJournalEntry(
  entry: JournalEntry,
  staffSecretKey: Uint8Array,
  key: Uint8Array,
): JournalEnvelope {
  if (!(key instanceof Uint8Array) || key.length !== nacl.secretbox.keyLength) {
    throw new TypeError('sealJournalEntry: key must be 32 bytes');
  }
  if (!isJournalEntry(entry)) throw new TypeError('sealJournalEntry: malformed entry');
  const signature = toBase64Url(signValue(ENTRY_LABEL, entry, staffSecretKey));
  const plaintext = utf8(canonicalJson({ entry, signature }));
  const padded = pad(plaintext, JOURNAL_BUCKETS);
  const nonce = randomBytes(nacl.secretbox.nonceLength);
  const box = nacl.secretbox(padded, nonce, key);
  wipe(plaintext, padded);
  return { v: 1, nonce: toBase64Url(nonce), box: toBase64Url(box) };
}

/** Opens an envelope to its entry and signature (unverified); null when it does not open. */
export function openJournalEnvelope(
  envelope: unknown,
  key: Uint8Array,
): { entry: JournalEntry; signature: Uint8Array } | null {
  if (!(key instanceof Uint8Array) || key.length !== nacl.secretbox.keyLength) {
    throw new TypeError('openJournalEnvelope: key must be 32 bytes');
  }
  if (!isJournalEnvelope(envelope)) return null;
  const nonce = fromBase64UrlExact(envelope.nonce, nacl.secretbox.nonceLength)!;
  const box = fromBase64UrlExact(envelope.box, (envelope.box.length * 3) >> 2)!;
  const opened = nacl.secretbox.open(box, nonce, key);
  if (!opened) return null;
  const unpadded = unpad(opened, JOURNAL_BUCKETS);
  const text = unpadded && fromUtf8(unpadded);
  wipe(opened);
  const value = typeof text === 'string' ? parseJson(text) : null;
  if (!hasExactKeys(value, ['entry', 'signature']) || !isJournalEntry(value.entry)) return null;
  const signature = fromBase64UrlExact(value.signature, nacl.sign.signatureLength);
  return signature ? { entry: value.entry, signature } : null;
}

/**
 * Checks a journal from its first entry (records in seq order, as the relay listed them):
 * every link follows from the one before and from the envelope; every entry opens, names that
 * previous link and the scheme, and is signed by the key bound to its staff id. Never throws
 * for hostile input. `known` continues a check already made (a device's cached prefix).
 *
 * `keys` may list several journal keys: the current one and those of before a re-key, which
 * remaining staff carry forward in a `journal-keys` entry (shared/staff/staff-journal.ts).
 */
export async function verifyJournal(
  records: readonly JournalRecord[],
  keys: Uint8Array | readonly Uint8Array[],
  scheme: string,
  known?: Pick<JournalCheck, 'head' | 'staffKeys'>,
): Promise<JournalCheck> {
  const check: JournalCheck = {
    entries: [],
    refused: [],
    brokenAt: null,
    head: known?.head ?? JOURNAL_GENESIS,
    staffKeys: new Map(known?.staffKeys ?? []),
  };

  for (const record of records) {
    const linked =
      record.previous === check.head && record.link === journalLink(check.head, record.envelope);
    if (!linked) {
      check.brokenAt = record.seq;
      break;
    }
    const fault = await verifyOne(record, keys, scheme, check);
    check.head = record.link;
    if (fault) check.refused.push({ seq: record.seq, fault });
  }
  return check;
}

async function verifyOne(
  record: JournalRecord,
  keys: Uint8Array | readonly Uint8Array[],
  scheme: string,
  check: JournalCheck,
): Promise<Exclude<JournalFault, 'broken-link'> | null> {
  const list = keys instanceof Uint8Array ? [keys] : keys;
  let opened: ReturnType<typeof openJournalEnvelope> = null;
  for (const key of list) {
    opened = openJournalEnvelope(record.envelope, key);
    if (opened) break;
  }
  if (!opened || opened.entry.scheme !== scheme || opened.entry.previous !== record.previous) {
    return 'does-not-open';
  }
  const { entry, signature } = opened;
  const bound = check.staffKeys.get(entry.staff);
  const announced = entry.body.type === 'staff-key' ? entry.body.publicKey : undefined;
  if (bound !== undefined && announced !== undefined && announced !== bound) return 'key-conflict';
  const signer = bound ?? announced;
  if (typeof signer !== 'string') return 'unknown-signer';

  const publicKey = fromBase64UrlExact(signer, 32);
  if (!publicKey || !(await verifyValue(ENTRY_LABEL, entry, signature, publicKey))) {
    return 'bad-signature';
  }
  if (entry.body.type === 'staff-key-change') {
    // Only a bound key can hand over (an unbound staff id announces with `staff-key` instead).
    if (bound === undefined) return 'unknown-signer';
    const next = entry.body.publicKey as string;
    if (next === bound || !(await isKeyChangeProof(entry, bound))) return 'bad-signature';
    check.staffKeys.set(entry.staff, next);
  }
  if (bound === undefined) check.staffKeys.set(entry.staff, signer);
  check.entries.push({ ...entry, seq: record.seq, link: record.link });
  return null;
}

/** True when a key change's proof is the new key's signature over this scheme, staff and old key. */
async function isKeyChangeProof(entry: JournalEntry, bound: string): Promise<boolean> {
  const next = fromBase64UrlExact(entry.body.publicKey, 32)!;
  const proof = fromBase64UrlExact(entry.body.proof, nacl.sign.signatureLength)!;
  const statement = { scheme: entry.scheme, staff: entry.staff, previousKey: bound };
  return verifyValue(KEY_CHANGE_PROOF_LABEL, statement, proof, next);
}

function isJournalEntry(value: unknown): value is JournalEntry {
  return (
    hasExactKeys(value, ['v', 'scheme', 'staff', 'previous', 'at', 'body']) &&
    value.v === 1 &&
    isSchemeId(value.scheme) &&
    isId(value.staff) &&
    isJournalLink(value.previous) &&
    isInt(value.at) &&
    isFields(value.body) &&
    isText(value.body.type, 40, 1) &&
    (value.body.type !== 'staff-key' ||
      (hasExactKeys(value.body, ['type', 'publicKey']) &&
        fromBase64UrlExact(value.body.publicKey, 32) !== null)) &&
    (value.body.type !== 'staff-key-change' ||
      (hasExactKeys(value.body, ['type', 'publicKey', 'proof']) &&
        fromBase64UrlExact(value.body.publicKey, 32) !== null &&
        fromBase64UrlExact(value.body.proof, nacl.sign.signatureLength) !== null))
  );
}
