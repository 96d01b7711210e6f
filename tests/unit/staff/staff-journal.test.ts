import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { draftAlertFromReport } from '../../../shared/staff/alert-draft.js';
import type { SchemeSecrets } from '../../../shared/protocol/keys.js';
import { sealReport } from '../../../shared/protocol/report-envelope.js';
import {
  journalKey,
  journalLink,
  journalSigningKeyPair,
  sealJournalEntry,
} from '../../../shared/protocol/staff-journal.js';
import { createDraftStore } from '../../../shared/staff/draft-store.js';
import { createInbox } from '../../../shared/staff/inbox-store.js';
import { openStaffDb } from '../../../shared/staff/staff-db.js';
import { createStaffJournal } from '../../../shared/staff/staff-journal.js';
import {
  fakeJournalRelay as fakeRelay,
  type FakeJournalRelay as FakeRelay,
} from './journal-fixtures.js';
import { newId, sampleReport, schemeSecrets } from './staff-fixtures.js';

/** One staff member's device: their own database, their own passphrase-derived seed. */
async function device(relay: FakeRelay, secrets: SchemeSecrets, seedByte: number) {
  const db = await openStaffDb(`journal-${newId()}`);
  const staff = newId();
  const staffSeed = new Uint8Array(32).fill(seedByte);
  const journal = createStaffJournal(db, relay, {
    scheme: secrets.scheme,
    staff,
    secrets,
    staffSeed,
  });
  const shared = {
    reports: async () => (await journal.view()).reports,
    record: (body: Parameters<typeof journal.append>[0]) => journal.append(body),
  };
  return { db, staff, journal, inbox: createInbox(db, secrets, shared) };
}

async function withReport(
  secrets: SchemeSecrets,
  ...devices: { inbox: ReturnType<typeof createInbox> }[]
) {
  const report = sampleReport(secrets.scheme);
  const listed = [{ seq: 1, envelope: sealReport(report, secrets.box.publicKey), receivedAt: 5 }];
  const relay = { listReports: async () => ({ reports: listed, cursor: 1 }) };
  for (const d of devices) await d.inbox.sync(relay);
  return report;
}

describe('staff journal on a device', () => {
  it('shows a colleague’s status change, notes and audit entries after a sync', async () => {
    const secrets = schemeSecrets();
    const relay = fakeRelay();
    const alice = await device(relay, secrets, 1);
    const bob = await device(relay, secrets, 2);
    const report = await withReport(secrets, alice, bob);

    await alice.inbox.update(report.id, { status: 'alerted', notes: 'Rang the reporter back.' });
    await alice.journal.append({ type: 'audit', action: 'publish-alert', subject: newId() });

    // Bob's device showed the report as new until it synced.
    expect((await bob.inbox.get(report.id))!.status).toBe('new');
    expect(await bob.journal.sync()).toEqual({ ok: true, sent: 0, received: 4, pending: 0 });
    const seen = (await bob.inbox.get(report.id))!;
    expect(seen.status).toBe('alerted');
    expect(seen.notes).toBe('Rang the reporter back.');
    expect(seen.read).toBe(false);

    const view = await bob.journal.view();
    expect(view.check).toEqual({ ok: true, entries: 4, brokenAt: null, refused: [] });
    expect(view.audit.map((e) => [e.staff === alice.staff, e.action, e.detail])).toEqual([
      [true, 'publish-alert', ''],
      [true, 'edit-notes', ''],
      [true, 'set-status', 'alerted'],
      [true, 'join-journal', ''],
    ]);
    // The audit log never carries the note's words.
    expect(JSON.stringify(view.audit)).not.toContain('Rang');
    // The relay holds only sealed envelopes.
    expect(JSON.stringify(relay.entries)).not.toContain('Rang');
  });

  it('queues actions made offline and sends them in order, with their own times', async () => {
    const secrets = schemeSecrets();
    const relay = fakeRelay();
    const alice = await device(relay, secrets, 1);
    const bob = await device(relay, secrets, 2);
    const report = await withReport(secrets, alice, bob);

    relay.state.offline = true;
    await alice.inbox.update(report.id, { status: 'in-review' });
    const offline = await alice.journal.append(
      { type: 'status', report: report.id, status: 'closed' },
      1_000,
    );
    expect(offline).toEqual({ ok: false, reason: 'offline', pending: 2 });
    // This device shows its own queued actions at once.
    expect((await alice.inbox.get(report.id))!.status).toBe('closed');
    expect((await alice.journal.view()).audit.every((e) => e.pending)).toBe(true);

    relay.state.offline = false;
    expect(await alice.journal.sync()).toMatchObject({ ok: true, sent: 2, pending: 0 });
    await bob.journal.sync();
    const audit = (await bob.journal.view()).audit;
    expect(audit.map((e) => e.detail)).toEqual(['closed', 'in-review', '']);
    expect(audit[0]!.at).toBe(1_000);
    expect((await bob.inbox.get(report.id))!.status).toBe('closed');
  });

  it('gives the same verdict to views asked for at once while new entries arrive', async () => {
    const secrets = schemeSecrets();
    const relay = fakeRelay();
    const alice = await device(relay, secrets, 1);
    const bob = await device(relay, secrets, 2);
    await alice.journal.append({ type: 'audit', action: 'unlock', subject: '' });
    await bob.journal.sync();
    await bob.journal.view();
    await alice.journal.append({ type: 'audit', action: 'open-report', subject: newId() });
    await alice.journal.append({ type: 'audit', action: 'lock', subject: '' });
    // Another context of Bob's (the popup) reads the new entries into the shared database.
    const popup = createStaffJournal(bob.db, relay, {
      scheme: secrets.scheme,
      staff: bob.staff,
      secrets,
      staffSeed: new Uint8Array(32).fill(2),
    });
    await popup.sync();

    // The inbox, the drafts and the audit page all read the view; none may see a false break.
    const views = await Promise.all([bob.journal.view(), bob.journal.view(), bob.journal.view()]);
    for (const view of views) {
      expect(view.check).toEqual({ ok: true, entries: 4, brokenAt: null, refused: [] });
    }
  });

  it('retries an append that lost the race for the head, keeping one chain', async () => {
    const secrets = schemeSecrets();
    const relay = fakeRelay();
    const alice = await device(relay, secrets, 1);
    const bob = await device(relay, secrets, 2);
    await bob.journal.append({ type: 'audit', action: 'unlock', subject: '' });
    await alice.journal.append({ type: 'audit', action: 'unlock', subject: '' });

    // Bob's entry lands between Alice's read of the head and her append.
    const bobKey = journalSigningKeyPair(new Uint8Array(32).fill(2)).secretKey;
    relay.state.interject = () => {
      const previous = relay.entries.at(-1)!.link;
      const envelope = sealJournalEntry(
        {
          v: 1,
          scheme: secrets.scheme,
          staff: bob.staff,
          previous,
          at: 3,
          body: { type: 'audit', action: 'lock', subject: '' },
        },
        bobKey,
        journalKey(secrets),
      );
      const link = journalLink(previous, envelope);
      relay.entries.push({ seq: ++relay.state.seq, previous, link, envelope });
    };
    const before = relay.state.appends;
    expect(await alice.journal.append({ type: 'audit', action: 'lock', subject: '' })).toEqual({
      ok: true,
      sent: 1,
      received: 0,
      pending: 0,
    });
    expect(relay.state.appends - before).toBe(2);

    await bob.journal.sync();
    const view = await bob.journal.view();
    expect(view.check).toEqual({ ok: true, entries: 6, brokenAt: null, refused: [] });
    expect(view.audit.map((e) => [e.staff === alice.staff, e.action])).toEqual([
      [true, 'lock'],
      [false, 'lock'],
      [true, 'unlock'],
      [true, 'join-journal'],
      [false, 'unlock'],
      [false, 'join-journal'],
    ]);
  });

  it('refuses an entry a colleague signed in another staff member’s name', async () => {
    const secrets = schemeSecrets();
    const relay = fakeRelay();
    const alice = await device(relay, secrets, 1);
    const bob = await device(relay, secrets, 2);
    const report = await withReport(secrets, alice, bob);
    await alice.journal.append({ type: 'audit', action: 'unlock', subject: '' });

    // Bob holds the scheme secrets, so he can seal; he cannot sign with Alice's key.
    const previous = relay.entries.at(-1)!.link;
    const forged = sealJournalEntry(
      {
        v: 1,
        scheme: secrets.scheme,
        staff: alice.staff,
        previous,
        at: 2,
        body: { type: 'status', report: report.id, status: 'closed' },
      },
      journalSigningKeyPair(new Uint8Array(32).fill(2)).secretKey,
      journalKey(secrets),
    );
    await relay.appendJournal(secrets, previous, forged);

    await alice.journal.sync();
    const view = await alice.journal.view();
    expect(view.check).toMatchObject({ ok: false, brokenAt: null });
    expect(view.check.refused).toEqual([{ seq: 3, fault: 'bad-signature' }]);
    expect((await alice.inbox.get(report.id))!.status).toBe('new');
  });

  it('shows a relay that cut the chain as broken, and sends nothing after it', async () => {
    const secrets = schemeSecrets();
    const relay = fakeRelay();
    const alice = await device(relay, secrets, 1);
    const bob = await device(relay, secrets, 2);
    await alice.journal.append({ type: 'audit', action: 'unlock', subject: '' });
    await bob.journal.sync();
    await alice.journal.append({ type: 'audit', action: 'lock', subject: '' });
    await alice.journal.append({ type: 'audit', action: 'open-report', subject: newId() });

    // The relay drops Alice's "lock" before Bob reads it.
    relay.entries.splice(2, 1);
    const result = await bob.journal.append({ type: 'audit', action: 'unlock', subject: '' });
    expect(result).toEqual({ ok: false, reason: 'broken', pending: 1 });
    const view = await bob.journal.view();
    expect(view.check).toMatchObject({ ok: false, brokenAt: 4, entries: 2 });

    // A relay that forgets entries a device already holds is caught on the next append too.
    relay.entries.splice(1);
    const cut = await alice.journal.append({ type: 'audit', action: 'lock', subject: '' });
    expect(cut).toEqual({ ok: false, reason: 'broken', pending: 1 });
  });

  it('shares drafts awaiting approval, and their removal', async () => {
    const secrets = schemeSecrets();
    const relay = fakeRelay();
    const alice = await device(relay, secrets, 1);
    const bob = await device(relay, secrets, 2);
    const report = sampleReport(secrets.scheme);
    const start = draftAlertFromReport(report, ['Testshire']);
    if (!start.ok) throw new Error('the sample report consents to an alert');
    const alert = start.draft;

    await createDraftStore(alice.journal, secrets).save({
      alert: alert,
      reportId: report.id,
      savedAt: 7,
    });
    await bob.journal.sync();
    const bobDrafts = createDraftStore(bob.journal, secrets);
    expect((await bobDrafts.list()).map((d) => d.alert.id)).toEqual([alert.id]);
    await bobDrafts.remove(alert.id);
    await alice.journal.sync();
    expect(await createDraftStore(alice.journal, secrets).list()).toEqual([]);
  });
});
