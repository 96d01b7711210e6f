import { describe, expect, it } from 'vitest';
import { toBase64Url } from '../../../shared/encoding/bytes.js';
import type { DirectoryScheme } from '../../../shared/protocol/directory.js';
import { openReport, type ReportEnvelope } from '../../../shared/protocol/report-envelope.js';
import {
  createReceipt,
  openReply,
  parseCode,
  type ReplyEnvelope,
} from '../../../shared/protocol/index.js';
import { forwardReport, forwardTargets } from '../../../shared/staff/forward-report.js';
import { canReply, replyToReporter } from '../../../shared/staff/report-reply.js';
import { sampleReport, schemeSecrets } from './staff-fixtures.js';

const yorkshire = schemeSecrets('yorkshire');
const target: DirectoryScheme = {
  id: 'yorkshire',
  name: 'Yorkshire',
  regions: ['York'],
  boxKey: toBase64Url(yorkshire.box.publicKey),
  signingKey: toBase64Url(yorkshire.signing.publicKey),
  status: 'active',
};

function recordingRelay() {
  const sent: ReportEnvelope[] = [];
  return {
    sent,
    submitReport: async (e: ReportEnvelope) => (sent.push(e), { id: e.id, receivedAt: 1 }),
  };
}

describe('forwardReport', () => {
  it('sends nothing without consent to other schemes', async () => {
    const relay = recordingRelay();
    const result = await forwardReport(
      relay,
      sampleReport('north-east', { otherSchemes: false }),
      target,
    );
    expect(result).toEqual({ ok: false, reason: 'no-consent' });
    expect(relay.sent).toHaveLength(0);
  });

  it('re-seals to the target scheme only, without the reporter police contact', async () => {
    const relay = recordingRelay();
    const report = sampleReport();
    expect(await forwardReport(relay, report, target)).toEqual({ ok: true });
    const opened = openReport(relay.sent[0], yorkshire.box.secretKey);
    expect(opened).toMatchObject({
      id: report.id,
      scheme: 'yorkshire',
      reporterContact: '',
      narrative: report.narrative,
    });
    expect(openReport(relay.sent[0], schemeSecrets().box.secretKey)).toBeNull();
  });

  it('refuses the same scheme or a suspended one, and lists only active others', async () => {
    const relay = recordingRelay();
    const self = { ...target, id: 'north-east' };
    expect(await forwardReport(relay, sampleReport(), self)).toEqual({
      ok: false,
      reason: 'same-scheme',
    });
    expect(await forwardReport(relay, sampleReport(), { ...target, status: 'suspended' })).toEqual({
      ok: false,
      reason: 'scheme-not-active',
    });
    expect(
      forwardTargets([self, target, { ...target, id: 'gone', status: 'suspended' }], 'north-east'),
    ).toEqual([target]);
  });
});

describe('replyToReporter', () => {
  it('encrypts to the receipt holder, signed by the scheme', async () => {
    const secrets = schemeSecrets();
    const receipt = createReceipt();
    const report = sampleReport();
    report.replyKey = receipt.replyKey;
    const posted: { receiptId: string; envelope: ReplyEnvelope }[] = [];
    const relay = {
      postReply: async (_s: unknown, receiptId: string, envelope: ReplyEnvelope) => (
        posted.push({ receiptId, envelope }),
        { seq: 1 }
      ),
    };

    expect(
      await replyToReporter(relay, secrets, report, '  We are sorry. He has been reported.  ', 7),
    ).toEqual({ ok: true });
    expect(posted[0]!.receiptId).toBe(receipt.receiptId);
    const code = parseCode(receipt.code.text);
    if (!code.ok) throw new Error('code');
    const reply = await openReply(posted[0]!.envelope, code.code, () => secrets.signing.publicKey);
    expect(reply).toEqual({
      v: 1,
      scheme: 'north-east',
      sentAt: 7,
      text: 'We are sorry. He has been reported.',
    });
  });

  it.each([
    ['no consent', { reply: false }, 'hello', 'no-consent'],
    ['no reply key', {}, 'hello', 'no-reply-key'],
    ['empty text', { replyKey: true }, '   ', 'empty'],
  ])('refuses with %s', async (_name, patch, text, reason) => {
    const report = sampleReport('north-east', 'reply' in patch ? { reply: false } : {});
    if ('replyKey' in patch) report.replyKey = createReceipt().replyKey;
    const relay = {
      postReply: async () => {
        throw new Error('must not be called');
      },
    };
    expect(canReply(report)).toBe(reason === 'empty');
    expect(await replyToReporter(relay, schemeSecrets(), report, text)).toEqual({
      ok: false,
      reason,
    });
  });
});
