import nacl from 'tweetnacl';
import { canonicalJson, parseJson } from '../encoding/canonical-json.js';
import {
  fromBase64UrlExact,
  fromUtf8,
  isBase64UrlOfLength,
  requireBytes,
  toBase64Url,
  utf8,
  wipe,
} from '../encoding/bytes.js';
import { hasExactKeys, isInt, isSchemeId, isText } from '../encoding/shape.js';
import { randomBytes } from '../crypto/random.js';
import { labelledHash } from '../crypto/hash.js';
import { signValue, verifyValue } from '../crypto/signing.js';
import { isAcceptableBoxKey } from '../crypto/x25519-checks.js';
import { createCode, type Code } from './code.js';
import { pad, REPLY_BUCKETS, unpad } from './padding.js';
import type { KeyPair } from './keys.js';

/**
 * Receipts let a reporter hear back without giving contact details. The receipt code is the only
 * secret: the reply key pair is derived from it, the report carries the public half, and replies
 * are stored on the relay under an id derived from that public key.
 */

/** Derives the reply key pair from a receipt code. */
export function replyKeyPair(code: Code): KeyPair {
  if (typeof code?.data !== 'string')
    throw new TypeError('replyKeyPair: code must be a parsed Code');
  const seed = labelledHash('reply-key', utf8(code.data), 32);
  const pair = nacl.box.keyPair.fromSecretKey(seed);
  wipe(seed);
  return pair;
}

/**
 * Reads the reply key a report carries: the 32-byte X25519 public key, or null when it is absent,
 * malformed or of small order (a report can come from anyone, and a reply sealed to a small-order
 * key is readable by whoever stores it). Staff tools call this before sealReply.
 */
export function parseReplyKey(text: unknown): Uint8Array | null {
  const key = fromBase64UrlExact(text, 32);
  return key && isAcceptableBoxKey(key) ? key : null;
}

/** The relay id replies are stored under, from the reply public key. */
export function receiptId(replyPublicKey: Uint8Array): string {
  requireBytes(replyPublicKey, 32, 'receiptId: public key');
  return toBase64Url(labelledHash('receipt-id', replyPublicKey, 16));
}

/** Creates a receipt: the code to show the reporter and the public key to put in the report. */
export function createReceipt(): { code: Code; replyKey: string; receiptId: string } {
  const code = createCode();
  const pair = replyKeyPair(code);
  wipe(pair.secretKey);
  return { code, replyKey: toBase64Url(pair.publicKey), receiptId: receiptId(pair.publicKey) };
}

/** A reply from the scheme, as the reporter reads it. */
export interface Reply {
  v: 1;
  scheme: string;
  sentAt: number;
  text: string;
}

/** A reply as stored on the relay. */
export interface ReplyEnvelope {
  v: 1;
  epk: string;
  nonce: string;
  box: string;
}

/** Encrypts a staff reply to the reporter's reply key, signed by the scheme inside the box. */
export function sealReply(
  reply: Reply,
  replyPublicKey: Uint8Array,
  signingSecretKey: Uint8Array,
): ReplyEnvelope {
  requireBytes(replyPublicKey, 32, 'sealReply: reply public key');
  requireBytes(signingSecretKey, 64, 'sealReply: signing secret key');
  if (!isReply(reply)) throw new TypeError('sealReply: malformed reply');
  // The reply key comes from the report, i.e. from whoever wrote it: a small-order key would make
  // the reply readable by anyone who stores it, so staff tools must not reply to it.
  if (!isAcceptableBoxKey(replyPublicKey)) {
    throw new RangeError('sealReply: the report carries an unusable reply key; cannot reply');
  }
  // The signature covers the receipt too, so a receipt holder cannot show a genuine reply to
  // someone else as if the scheme had written it to them.
  const signed = { receipt: receiptId(replyPublicKey), reply };
  const signature = toBase64Url(signValue('reply', signed, signingSecretKey));
  const unpadded = utf8(canonicalJson({ reply, signature }));
  if (unpadded.length >= REPLY_BUCKETS[REPLY_BUCKETS.length - 1]!) {
    throw new RangeError('sealReply: reply is too long; shorten it');
  }
  const plaintext = pad(unpadded, REPLY_BUCKETS);
  wipe(unpadded);
  const ephemeralSecret = randomBytes(32);
  const ephemeral = nacl.box.keyPair.fromSecretKey(ephemeralSecret);
  const nonce = randomBytes(24);
  const box = nacl.box(plaintext, nonce, replyPublicKey, ephemeral.secretKey);
  wipe(ephemeralSecret, ephemeral.secretKey, plaintext);
  return {
    v: 1,
    epk: toBase64Url(ephemeral.publicKey),
    nonce: toBase64Url(nonce),
    box: toBase64Url(box),
  };
}

/** True when `value` has the shape of a reply envelope. */
export function isReplyEnvelope(value: unknown): value is ReplyEnvelope {
  return (
    hasExactKeys(value, ['v', 'epk', 'nonce', 'box']) &&
    value.v === 1 &&
    fromBase64UrlExact(value.epk, 32) !== null &&
    fromBase64UrlExact(value.nonce, 24) !== null &&
    isText(value.box, 21_868, 22) &&
    REPLY_BUCKETS.some((b) => isBase64UrlOfLength(value.box, b + nacl.box.overheadLength))
  );
}

/**
 * Opens a reply with the receipt code and checks the scheme's signature (`signingKeyOf` gives the
 * scheme's signing key from a verified directory). Null if it does not open or is not signed.
 */
export async function openReply(
  envelope: unknown,
  code: Code,
  signingKeyOf: (scheme: string) => Uint8Array | undefined,
): Promise<Reply | null> {
  if (!isReplyEnvelope(envelope)) return null;
  const box = fromBase64UrlExact(envelope.box, (envelope.box.length * 3) >> 2);
  if (!box) return null;

  const pair = replyKeyPair(code);
  const epk = fromBase64UrlExact(envelope.epk, 32)!;
  const opened = nacl.box.open(box, fromBase64UrlExact(envelope.nonce, 24)!, epk, pair.secretKey);
  wipe(pair.secretKey);
  const unpadded = opened && unpad(opened, REPLY_BUCKETS);
  const text = unpadded && fromUtf8(unpadded);
  wipe(opened ?? undefined);
  const inner = typeof text === 'string' ? parseJson(text) : null;
  if (!hasExactKeys(inner, ['reply', 'signature']) || !isReply(inner.reply)) return null;

  const key = signingKeyOf(inner.reply.scheme);
  const signature = fromBase64UrlExact(inner.signature, 64);
  if (!key || !signature) return null;
  const signed = { receipt: receiptId(pair.publicKey), reply: inner.reply };
  return (await verifyValue('reply', signed, signature, key)) ? inner.reply : null;
}

function isReply(value: unknown): value is Reply {
  return (
    hasExactKeys(value, ['v', 'scheme', 'sentAt', 'text']) &&
    value.v === 1 &&
    isSchemeId(value.scheme) &&
    isInt(value.sentAt) &&
    isText(value.text, 4000, 1)
  );
}
