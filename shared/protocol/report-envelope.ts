import nacl from 'tweetnacl';
import { canonicalJson, parseJson } from '../encoding/canonical-json.js';
import {
  fromBase64UrlExact,
  fromUtf8,
  requireBytes,
  toBase64Url,
  utf8,
  wipe,
} from '../encoding/bytes.js';
import { hasExactKeys, isId, isSchemeId, isText } from '../encoding/shape.js';
import { randomBytes } from '../crypto/random.js';
import { isAcceptableBoxKey } from '../crypto/x25519-checks.js';
import { isReportContent, type ReportContent } from '../domain/report.js';
import { BUCKETS, pad, unpad } from './padding.js';

/**
 * A report sealed to a scheme: a fresh X25519 key pair per report and nacl.box to the scheme's
 * box key, over the padded canonical JSON of the report. The relay sees the scheme id, the
 * report id (idempotency) and a bucket-sized ciphertext; nothing else.
 */
export interface ReportEnvelope {
  v: 1;
  scheme: string;
  id: string;
  /** Ephemeral X25519 public key (base64url). */
  epk: string;
  nonce: string;
  box: string;
}

/** Largest ciphertext the relay accepts in a report envelope (bytes, before base64). */
export const MAX_REPORT_BOX = BUCKETS[BUCKETS.length - 1]! + nacl.box.overheadLength;

/** Seals a report to the scheme's box public key. Throws if the report is malformed. */
export function sealReport(report: ReportContent, schemeBoxKey: Uint8Array): ReportEnvelope {
  requireBytes(schemeBoxKey, nacl.box.publicKeyLength, 'sealReport: scheme box key');
  if (!isAcceptableBoxKey(schemeBoxKey)) {
    throw new TypeError('sealReport: scheme box key has small order; refusing to seal to it');
  }
  if (!isReportContent(report)) throw new TypeError('sealReport: malformed report');

  const ephemeralSecret = randomBytes(32);
  const ephemeral = nacl.box.keyPair.fromSecretKey(ephemeralSecret);
  const nonce = randomBytes(nacl.box.nonceLength);
  const unpadded = utf8(canonicalJson(report));
  const padded = pad(unpadded);
  const box = nacl.box(padded, nonce, schemeBoxKey, ephemeral.secretKey);
  wipe(ephemeralSecret, ephemeral.secretKey, unpadded, padded);

  return {
    v: 1,
    scheme: report.scheme,
    id: report.id,
    epk: toBase64Url(ephemeral.publicKey),
    nonce: toBase64Url(nonce),
    box: toBase64Url(box),
  };
}

/** True when `value` has the shape of a report envelope (what the relay checks). */
export function isReportEnvelope(value: unknown): value is ReportEnvelope {
  if (!hasExactKeys(value, ['v', 'scheme', 'id', 'epk', 'nonce', 'box'])) return false;
  if (value.v !== 1 || !isSchemeId(value.scheme) || !isId(value.id)) return false;
  if (!fromBase64UrlExact(value.epk, 32) || !fromBase64UrlExact(value.nonce, 24)) return false;
  if (!isText(value.box, Math.ceil((MAX_REPORT_BOX * 4) / 3))) return false;
  const boxLength = fromBase64UrlExact(value.box, (value.box.length * 3) >> 2)?.length;
  return BUCKETS.some((b) => b + nacl.box.overheadLength === boxLength);
}

/**
 * Opens a report envelope with the scheme's box secret key. Returns null when it does not open,
 * does not unpad, or does not hold a well-formed report for this scheme with this id.
 */
export function openReport(envelope: unknown, schemeBoxSecret: Uint8Array): ReportContent | null {
  requireBytes(schemeBoxSecret, nacl.box.secretKeyLength, 'openReport: scheme box secret key');
  if (!isReportEnvelope(envelope)) return null;

  const opened = nacl.box.open(
    fromBase64UrlExact(envelope.box, (envelope.box.length * 3) >> 2)!,
    fromBase64UrlExact(envelope.nonce, 24)!,
    fromBase64UrlExact(envelope.epk, 32)!,
    schemeBoxSecret,
  );
  if (!opened) return null;

  const plaintext = unpad(opened);
  const text = plaintext && fromUtf8(plaintext);
  const report = text === null || text === undefined ? null : parseJson(text);
  wipe(opened);
  if (!isReportContent(report)) return null;
  if (report.scheme !== envelope.scheme || report.id !== envelope.id) return null;
  return report;
}
