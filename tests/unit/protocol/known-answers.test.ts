import nacl from 'tweetnacl';
import {
  createHash,
  createHmac,
  createPrivateKey,
  createPublicKey,
  scryptSync,
  verify,
} from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fromBase64UrlExact, toBase64Url, utf8 } from '../../../shared/encoding/bytes.js';
import { labelledHash } from '../../../shared/crypto/hash.js';
import { signedBytes } from '../../../shared/crypto/signing.js';
import {
  createInvite,
  createReceipt,
  createStaffVault,
  matchingToken,
  openAlert,
  openKeyGrant,
  openReport,
  replyKeyPair,
  sealAlert,
  sealDeviceEnrolment,
  sealKeyGrant,
  sealReply,
  sealReport,
  signDirectory,
  signRequest,
  unlockStaffVault,
  journalKey,
  journalLink,
  journalSigningKeyPair,
  openJournalEnvelope,
  sealJournalEntry,
  verifyJournal,
  JOURNAL_GENESIS,
  type Code,
  type JournalEnvelope,
} from '../../../shared/protocol/index.js';
import {
  alert,
  directory,
  fixRandom,
  fixedId,
  matchingKey,
  membersKey,
  NOW,
  north,
  report,
  retraction,
  root,
  seed,
} from './fixtures.js';

/**
 * Known-answer vectors: every message built from fixed keys and a fixed random stream, compared
 * byte for byte with vectors written by a deterministic run. Regenerate (only after a deliberate
 * wire change, and say so in the commit) with:
 *   UMN_WRITE_VECTORS=1 npx vitest run tests/unit/protocol/known-answers.test.ts
 */
const VECTORS_FILE = new URL('./known-answers.json', import.meta.url);
const device = nacl.box.keyPair.fromSecretKey(seed(30));
const VAULT_COST = { logN: 10, r: 8, p: 1 };
const staffSigner = journalSigningKeyPair(seed(50));
const journalEntry = {
  v: 1 as const,
  scheme: 'north-east',
  staff: fixedId(3),
  previous: JOURNAL_GENESIS,
  at: NOW,
  body: { type: 'staff-key', publicKey: toBase64Url(staffSigner.publicKey) },
};

async function build(): Promise<Record<string, unknown>> {
  const vectors: Record<string, unknown> = {};
  const fixed = async <T>(name: string, seedByte: number, make: () => T | Promise<T>) => {
    const restore = fixRandom(seedByte);
    try {
      vectors[name] = await make();
    } finally {
      restore();
    }
  };
  await fixed('directory', 1, () => signDirectory(directory, root.secretKey));
  await fixed('report', 2, () => sealReport(report, north.box.publicKey));
  await fixed('alert', 3, () => sealAlert(alert, north.signing.secretKey, membersKey));
  await fixed('retraction', 4, () => sealAlert(retraction, north.signing.secretKey, membersKey));
  await fixed('request', 5, () =>
    signRequest(
      { method: 'post', path: '/v1/alerts', body: '{"v":1}' },
      'north-east',
      north.signing.secretKey,
      NOW,
    ),
  );
  await fixed('invite', 6, () => createInvite('north-east', [membersKey], NOW + 7 * 86_400_000));
  await fixed('receipt', 7, () => createReceipt());
  const receiptCode = (vectors.receipt as { code: Code }).code;
  await fixed('reply', 8, () =>
    sealReply(
      { v: 1, scheme: 'north-east', sentAt: NOW, text: 'Thank you; we have warned others.' },
      replyKeyPair(receiptCode).publicKey,
      north.signing.secretKey,
    ),
  );
  await fixed('vault', 9, () =>
    createStaffVault(north, 'correct horse battery', fixedId(3), VAULT_COST),
  );
  await fixed('keyGrant', 10, () =>
    sealKeyGrant(
      'members',
      { epoch: 2, key: seed(40) },
      device.publicKey,
      'north-east',
      north.signing.secretKey,
      NOW,
    ),
  );
  const inviteCode = (vectors.invite as { code: Code }).code;
  await fixed('enrolment', 11, () =>
    sealDeviceEnrolment(inviteCode, 'north-east', device.publicKey, north.box.publicKey, NOW),
  );
  await fixed('journalEntry', 12, () =>
    sealJournalEntry(journalEntry, staffSigner.secretKey, journalKey(north)),
  );
  vectors.matchingToken = matchingToken({ kind: 'phone', value: '+447700900123' }, matchingKey);
  vectors.labelledHash = toBase64Url(labelledHash('invite-id', utf8('K7QD3MXP9RTAWF2H8B')));
  return vectors;
}

afterEach(() => vi.restoreAllMocks());

describe('known-answer vectors', () => {
  it('rebuilds every message byte for byte from fixed keys and randomness', async () => {
    const built = JSON.parse(JSON.stringify(await build())) as Record<string, unknown>;
    if (process.env.UMN_WRITE_VECTORS) {
      writeFileSync(VECTORS_FILE, JSON.stringify(built, null, 2) + '\n');
    }
    expect(existsSync(VECTORS_FILE)).toBe(true);
    const stored = JSON.parse(readFileSync(VECTORS_FILE, 'utf8')) as Record<string, unknown>;
    expect(Object.keys(built).sort()).toEqual(Object.keys(stored).sort());
    for (const name of Object.keys(stored)) expect(built[name], name).toEqual(stored[name]);
  });

  it('the stored vectors still open, and the wrong key or a replaced field does not', async () => {
    const v = JSON.parse(readFileSync(VECTORS_FILE, 'utf8')) as Record<string, never>;
    expect(openReport(v.report, north.box.secretKey)).toEqual(report);
    expect(await openAlert(v.alert, [membersKey], directory)).toEqual({ ok: true, message: alert });
    const retracted = await openAlert(v.retraction, [membersKey], directory);
    expect(retracted).toEqual({ ok: true, message: retraction });
    const unlocked = await unlockStaffVault(v.vault, 'correct horse battery');
    expect(unlocked.ok && unlocked.secrets.matchingKey).toEqual(matchingKey);
    const grant = await openKeyGrant(v.keyGrant, device, directory, 'members');
    expect(grant.ok && grant.grant.key).toEqual(seed(40));
    const envelope = v.journalEntry as unknown as JournalEnvelope;
    const record = {
      seq: 1,
      previous: JOURNAL_GENESIS,
      link: journalLink(JOURNAL_GENESIS, envelope),
      envelope,
    };
    expect(openJournalEnvelope(envelope, journalKey(north))?.entry).toEqual(journalEntry);
    expect((await verifyJournal([record], journalKey(north), 'north-east')).entries).toHaveLength(
      1,
    );
  });
});

describe('independent computations (node:crypto / OpenSSL, not tweetnacl or noble)', () => {
  const load = () => JSON.parse(readFileSync(VECTORS_FILE, 'utf8')) as Record<string, unknown>;
  const stored = existsSync(VECTORS_FILE) ? load() : {};
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON read back for checks
  const vectors = stored as Record<string, any>;
  const spki = (key: Uint8Array) =>
    createPublicKey({
      key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), key]),
      format: 'der',
      type: 'spki',
    });
  const bytes = (text: string, length: number) => fromBase64UrlExact(text, length)!;

  it('directory and alert envelope signatures verify with OpenSSL Ed25519', () => {
    const signed = vectors.directory as { directory: unknown; signature: string };
    const message = signedBytes('directory', signed.directory);
    expect(verify(null, message, spki(root.publicKey), bytes(signed.signature, 64))).toBe(true);

    const { signature, ...unsigned } = vectors.alert as Record<string, string>;
    const outer = signedBytes('alert-envelope', unsigned);
    expect(verify(null, outer, spki(north.signing.publicKey), bytes(signature!, 64))).toBe(true);
  });

  it('the request signature verifies with OpenSSL over the documented fields', () => {
    const headers = vectors.request as Record<string, string>;
    const bodyHash = createHash('sha512').update('{"v":1}').digest().subarray(0, 32);
    const fields = {
      method: 'POST',
      path: '/v1/alerts',
      scheme: 'north-east',
      time: NOW,
      nonce: headers['x-umn-nonce'],
      bodyHash: toBase64Url(bodyHash),
    };
    const message = signedBytes('request', fields);
    const signature = bytes(headers['x-umn-signature']!, 64);
    expect(verify(null, message, spki(north.signing.publicKey), signature)).toBe(true);
  });

  it('labelled hashes are SHA-512 of "umn1:<label>\\n" + data, truncated', () => {
    const expected = createHash('sha512')
      .update('umn1:invite-id\nK7QD3MXP9RTAWF2H8B')
      .digest()
      .subarray(0, 32);
    expect(vectors.labelledHash).toBe(toBase64Url(expected));
  });

  it('matching tokens are HMAC-SHA-256 as documented', () => {
    const expected = createHmac('sha256', matchingKey)
      .update('umn1:matching-token\nphone\n+447700900123')
      .digest()
      .subarray(0, 16);
    expect(vectors.matchingToken).toBe(toBase64Url(expected));
  });

  it('the staff vault key is scrypt (OpenSSL) then a labelled hash of the header', () => {
    const vault = vectors.vault as {
      v: 1;
      scheme: string;
      staff: string;
      nonce: string;
      box: string;
      kdf: { salt: string; logN: number; r: number; p: number };
    };
    const stretched = scryptSync('correct horse battery', bytes(vault.kdf.salt, 16), 32, {
      N: 2 ** vault.kdf.logN,
      r: vault.kdf.r,
      p: vault.kdf.p,
    });
    const header = { v: vault.v, scheme: vault.scheme, staff: vault.staff, kdf: vault.kdf };
    const canonical = JSON.stringify(header, Object.keys({ ...header, ...header.kdf }).sort());
    const key = createHash('sha512')
      .update(
        Buffer.concat([Buffer.from('umn1:staff-vault-key\n'), stretched, Buffer.from(canonical)]),
      )
      .digest()
      .subarray(0, 32);
    const opened = nacl.secretbox.open(
      bytes(vault.box, (vault.box.length * 3) >> 2),
      bytes(vault.nonce, 24),
      key,
    );
    expect(opened).not.toBeNull();
    // The journal seed is the same input under its own label (docs/protocol.md §4.10).
    const staffSeed = createHash('sha512')
      .update(
        Buffer.concat([
          Buffer.from('umn1:staff-journal-seed\n'),
          stretched,
          Buffer.from(canonical),
        ]),
      )
      .digest()
      .subarray(0, 32);
    return unlockStaffVault(vault, 'correct horse battery').then((unlocked) => {
      expect(unlocked.ok && Buffer.from(unlocked.staffSeed)).toEqual(staffSeed);
    });
  });

  it('a journal link is SHA-512 of its label, the previous link and the canonical envelope', () => {
    const envelope = vectors.journalEntry as JournalEnvelope;
    const canonical = JSON.stringify(envelope, Object.keys(envelope).sort());
    const link = createHash('sha512')
      .update(`umn1:staff-journal-link\n${JOURNAL_GENESIS}\n${canonical}`)
      .digest()
      .subarray(0, 32)
      .toString('base64url');
    expect(journalLink(JOURNAL_GENESIS, envelope)).toBe(link);
  });

  it('reply keys are X25519 of a labelled hash of the receipt code (OpenSSL X25519)', () => {
    const receipt = vectors.receipt as { code: Code; replyKey: string };
    const secret = createHash('sha512')
      .update(`umn1:reply-key\n${receipt.code.data}`)
      .digest()
      .subarray(0, 32);
    const der = Buffer.concat([Buffer.from('302e020100300506032b656e04220420', 'hex'), secret]);
    const privateKey = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
    const publicDer = createPublicKey(privateKey).export({
      format: 'der',
      type: 'spki',
    });
    expect(toBase64Url(publicDer.subarray(-32))).toBe(receipt.replyKey);
  });
});
