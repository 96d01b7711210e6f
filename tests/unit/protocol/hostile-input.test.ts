import fc from 'fast-check';
import nacl from 'tweetnacl';
import { describe, expect, it } from 'vitest';
import {
  createReceipt,
  isAlertEnvelope,
  isKeyGrantEnvelope,
  isReportEnvelope,
  isStaffVault,
  loadDirectoryState,
  openAlert,
  openDeviceEnrolment,
  openInvite,
  openKeyGrant,
  openReply,
  openReport,
  parseCode,
  sealAlert,
  unlockStaffVault,
  updateDirectoryState,
  verifyRequest,
} from '../../../shared/protocol/index.js';
import { alert, directory, membersKey, north, root, seed } from './fixtures.js';

/**
 * Whatever the relay or a page hands us, the openers answer with a typed refusal and never throw
 * (a throw inside a sync would stop the other alerts). Inputs: arbitrary JSON values, and valid
 * envelopes with one field replaced by an arbitrary value.
 */
const device = nacl.box.keyPair.fromSecretKey(seed(35));
const receipt = createReceipt();
const hostile = fc.oneof(fc.jsonValue(), fc.anything());

async function allRefuse(value: unknown): Promise<void> {
  expect(await openAlert(value, [membersKey], directory)).toMatchObject({ ok: false });
  expect(openReport(value, north.box.secretKey)).toBeNull();
  expect(await openKeyGrant(value, device, directory, 'members')).toMatchObject({ ok: false });
  expect(openDeviceEnrolment(value, north.box.secretKey, () => seed(1))).toMatchObject({
    ok: false,
  });
  expect(await openReply(value, receipt.code, () => north.signing.publicKey)).toBeNull();
  expect(await unlockStaffVault(value, 'correct horse battery')).toMatchObject({ ok: false });
  expect(await updateDirectoryState(null, value, root.publicKey)).toMatchObject({ ok: false });
  expect(await loadDirectoryState(value, root.publicKey)).toBeNull();
  expect(openInvite(receipt.code, value as never)).toBeNull();
  for (const check of [isAlertEnvelope, isReportEnvelope, isKeyGrantEnvelope, isStaffVault]) {
    expect(check(value)).toBe(false);
  }
}

describe('hostile input', () => {
  it('arbitrary values are refused, never thrown on', async () => {
    await fc.assert(fc.asyncProperty(hostile, allRefuse), { numRuns: 150 });
  });

  it('a valid alert envelope with any one field replaced is refused', async () => {
    const envelope = sealAlert(alert, north.signing.secretKey, membersKey);
    const fields = Object.keys(envelope).filter((k) => k !== 'signature');
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...fields), hostile, async (field, value) => {
        const changed = { ...envelope, [field]: value };
        fc.pre(JSON.stringify(changed) !== JSON.stringify(envelope));
        expect(await openAlert(changed, [membersKey], directory)).toMatchObject({ ok: false });
      }),
      { numRuns: 150 },
    );
  });

  it('request headers of any content are refused, never thrown on', async () => {
    await fc.assert(
      fc.asyncProperty(fc.dictionary(fc.string(), fc.string()), async (headers) => {
        const facts = { method: 'GET', path: '/', body: '' };
        const check = await verifyRequest(
          facts,
          (n) => headers[n],
          () => north.signing.publicKey,
        );
        expect(check.ok).toBe(false);
      }),
      { numRuns: 150 },
    );
  });

  it('typed codes of any content are parsed or refused with a reason', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (typed) => {
        const parsed = parseCode(typed);
        if (!parsed.ok) {
          expect(['empty', 'wrong-length', 'bad-character', 'typo']).toContain(parsed.problem);
        }
      }),
      { numRuns: 300 },
    );
  });
});
