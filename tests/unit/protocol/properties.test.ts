import fc from 'fast-check';
import nacl from 'tweetnacl';
import { describe, expect, it } from 'vitest';
import { fromBase64Url, isBase64UrlOfLength, toBase64Url } from '../../../shared/encoding/bytes.js';
import { canonicalJson, parseJson } from '../../../shared/encoding/canonical-json.js';
import { INCIDENT_TYPES, SEVERITIES } from '../../../shared/domain/codes.js';
import type { AlertContent } from '../../../shared/domain/alert.js';
import {
  ALERT_BUCKETS,
  BUCKETS,
  createCode,
  createInvite,
  createReceipt,
  enrolmentKey,
  MAX_EPOCH,
  openDeviceEnrolment,
  openInvite,
  openKeyGrant,
  openReply,
  replyKeyPair,
  sealDeviceEnrolment,
  sealKeyGrant,
  sealReply,
  openAlert,
  openReport,
  pad,
  parseCode,
  sealAlert,
  sealReport,
  unpad,
} from '../../../shared/protocol/index.js';
import { alert, DAY, directory, membersKey, NOW, north, report, seed } from './fixtures.js';

/** Round trips over generated inputs (fast-check): what is sealed opens to exactly itself. */
const runs = { numRuns: 60 };

const canonical = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.string({ unit: 'grapheme' }),
    fc.string({ unit: 'binary' }),
    fc.maxSafeInteger(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.string(), tie('value'), { maxKeys: 4 }),
  ),
})).value;

describe('encodings', () => {
  it('canonical JSON parses back to the same value and re-encodes to the same text', () => {
    fc.assert(
      fc.property(canonical, (value) => {
        const text = canonicalJson(value);
        const parsed = parseJson(text);
        expect(parsed).toEqual(value);
        expect(canonicalJson(parsed)).toBe(text);
      }),
      runs,
    );
  });

  it('base64url round-trips and has one spelling per value', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
        const text = toBase64Url(bytes);
        expect(fromBase64Url(text)).toEqual(bytes);
        expect(Buffer.from(bytes).toString('base64url')).toBe(text);
      }),
      runs,
    );
    expect(fromBase64Url('AB')).toBeNull(); // non-zero trailing bits: a second spelling of 'AA'
  });

  it('refuses every string that is not the one canonical spelling of its bytes', () => {
    const chars = fc.constantFrom(...'AQgwBC_-+/=.é 9zZa'.split(''));
    fc.assert(
      fc.property(fc.array(chars, { maxLength: 12 }), (list) => {
        const text = list.join('');
        const canonical = /^[A-Za-z0-9_-]*$/.test(text) && text.length % 4 !== 1;
        const reference = canonical ? Buffer.from(text, 'base64url') : null;
        const expected = reference && reference.toString('base64url') === text ? reference : null;
        const decoded = fromBase64Url(text);
        expect(decoded === null ? null : Buffer.from(decoded)).toEqual(expected);
        for (let length = 0; length <= 9; length++) {
          expect(isBase64UrlOfLength(text, length)).toBe(expected?.length === length);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('padding fills a bucket exactly and comes off exactly', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 5000 }), (bytes) => {
        for (const buckets of [BUCKETS, ALERT_BUCKETS]) {
          const padded = pad(bytes, buckets);
          expect((buckets as readonly number[]).includes(padded.length)).toBe(true);
          expect(unpad(padded, buckets)).toEqual(bytes);
        }
      }),
      runs,
    );
  });
});

describe('codes', () => {
  const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

  it('catch every single substitution and every adjacent swap', () => {
    fc.assert(
      fc.property(fc.nat(19), fc.nat(31), fc.nat(18), (position, replacement, swapAt) => {
        const { text } = createCode();
        const chars = text.replace(/-/g, '').split('');
        const substituted = chars.slice();
        if (substituted[position] === ALPHABET[replacement]) return;
        substituted[position] = ALPHABET[replacement]!;
        expect(parseCode(substituted.join(''))).toEqual({ ok: false, problem: 'typo' });

        const swapped = chars.slice();
        if (swapped[swapAt] === swapped[swapAt + 1]) return;
        [swapped[swapAt], swapped[swapAt + 1]] = [swapped[swapAt + 1]!, swapped[swapAt]!];
        expect(parseCode(swapped.join(''))).toMatchObject({ ok: false });
      }),
      { numRuns: 300 },
    );
  });

  it('read back however they are typed (case, spaces, I/L/O look-alikes)', () => {
    fc.assert(
      fc.property(fc.constantFrom(' ', '-', ''), (separator) => {
        const code = createCode();
        const typed = code.text
          .toLowerCase()
          .replace(/-/g, separator)
          .replace(/1/g, 'l')
          .replace(/0/g, 'o');
        expect(parseCode(typed)).toEqual({ ok: true, code });
      }),
      runs,
    );
  });
});

describe('messages', () => {
  const text = (max: number) => fc.string({ unit: 'grapheme', maxLength: max });

  it('a report seals and opens to itself, padded to a bucket', () => {
    fc.assert(
      fc.property(text(3000), text(200), (narrative, area) => {
        const input = { ...report, narrative, where: { ...report.where, area } };
        const envelope = sealReport(input, north.box.publicKey);
        expect(openReport(envelope, north.box.secretKey)).toEqual(input);
      }),
      { numRuns: 25 },
    );
  });

  it('an alert seals and opens to itself', async () => {
    await fc.assert(
      fc.asyncProperty(
        text(300),
        fc.subarray([...INCIDENT_TYPES]),
        fc.constantFrom(...SEVERITIES),
        fc.integer({ min: 1, max: 1000 }),
        fc.integer({ min: 1, max: 366 }),
        async (description, incidentTypes, severity, revision, days) => {
          const input: AlertContent = {
            ...alert,
            description,
            incidentTypes,
            severity,
            revision,
            expiresAt: NOW + days * DAY,
          };
          const envelope = sealAlert(input, north.signing.secretKey, membersKey);
          expect(await openAlert(envelope, [membersKey], directory)).toEqual({
            ok: true,
            message: input,
          });
        },
      ),
      { numRuns: 25 },
    );
  });

  it('invites, replies, key grants and enrolments open to what was sealed', async () => {
    const device = nacl.box.keyPair.fromSecretKey(seed(36));
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({ epoch: fc.nat(1000), key: fc.uint8Array({ minLength: 32, maxLength: 32 }) }),
          {
            maxLength: 5,
          },
        ),
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1000 }),
        fc.nat(MAX_EPOCH),
        async (keys, text, epoch) => {
          const { code, record } = createInvite('north-east', keys, NOW + DAY);
          expect(openInvite(code, record, NOW)?.members).toEqual(keys);

          const receipt = createReceipt();
          const reply = { v: 1 as const, scheme: 'north-east', sentAt: NOW, text };
          fc.pre(text.length <= 4000);
          const sealed = sealReply(
            reply,
            replyKeyPair(receipt.code).publicKey,
            north.signing.secretKey,
          );
          expect(await openReply(sealed, receipt.code, () => north.signing.publicKey)).toEqual(
            reply,
          );

          const granted = { epoch, key: seed(epoch % 256) };
          const grant = sealKeyGrant(
            'members',
            granted,
            device.publicKey,
            'north-east',
            north.signing.secretKey,
            NOW,
          );
          const opened = await openKeyGrant(grant, device, directory, 'members');
          expect(opened.ok && { epoch: opened.grant.epoch, key: opened.grant.key }).toEqual(
            granted,
          );

          const enrolment = sealDeviceEnrolment(
            code,
            'north-east',
            device.publicKey,
            north.box.publicKey,
            NOW,
          );
          const read = openDeviceEnrolment(enrolment, north.box.secretKey, () =>
            enrolmentKey(code),
          );
          expect(read.ok && read.enrolment.devicePublicKey).toEqual(device.publicKey);
        },
      ),
      { numRuns: 15 },
    );
  });
});
