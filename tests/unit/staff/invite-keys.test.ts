import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { toBase64Url } from '../../../shared/encoding/bytes.js';
import {
  createDeviceKey,
  enrolmentKey,
  sealDeviceEnrolment,
} from '../../../shared/protocol/device-enrolment.js';
import { createInvite } from '../../../shared/protocol/invite.js';
import { currentMembersKey, type SchemeSecrets } from '../../../shared/protocol/keys.js';
import { journalKey, openJournalEnvelope } from '../../../shared/protocol/staff-journal.js';
import {
  enrolmentKeys,
  keepEnrolmentKey,
  openEnrolmentKeyDb,
} from '../../../shared/staff/enrolment-keys.js';
import {
  checkableEnrolmentKeys,
  inviteKeyEntry,
  keySentEntries,
  lacksCurrentKey,
  shareKeptEnrolmentKeys,
} from '../../../shared/staff/invite-keys.js';
import { isJournalBody } from '../../../shared/staff/journal-view.js';
import { listMemberDevices } from '../../../shared/staff/member-devices.js';
import { openStaffDb } from '../../../shared/staff/staff-db.js';
import { createStaffJournal } from '../../../shared/staff/staff-journal.js';
import { fakeJournalRelay, type FakeJournalRelay } from './journal-fixtures.js';
import { newId, schemeSecrets } from './staff-fixtures.js';

/**
 * Invite enrolment keys travel in the scheme staff journal: a colleague's device that did not
 * make an invite checks the device enrolled with it, and leaves it out once it is removed.
 */

async function staffDevice(relay: FakeJournalRelay, secrets: SchemeSecrets, seedByte: number) {
  const db = await openStaffDb(`invite-keys-${newId()}`);
  const journal = createStaffJournal(db, relay, {
    scheme: secrets.scheme,
    staff: newId(),
    secrets,
    staffSeed: new Uint8Array(32).fill(seedByte),
  });
  return { journal };
}

/** An invite and a worker's device enrolled with it, as the relay would list it. */
function enrolledWorker(secrets: SchemeSecrets) {
  const { code, record } = createInvite(secrets.scheme, secrets.members, Date.UTC(2026, 11, 20));
  const device = createDeviceKey();
  const envelope = sealDeviceEnrolment(
    code,
    secrets.scheme,
    device.publicKey,
    secrets.box.publicKey,
  );
  return {
    invite: {
      id: record.id,
      enrolmentKey: enrolmentKey(code),
      expiresAt: record.expiresAt,
      epoch: currentMembersKey(secrets.members).epoch,
    },
    device,
    listed: { invite: record.id, envelope, enrolledAt: Date.UTC(2026, 11, 14) },
  };
}

function enrolmentRelay(listed: { invite: string }[]) {
  return { listEnrolments: async () => ({ enrolments: structuredClone(listed) as never }) };
}

describe('invite enrolment keys in the staff journal', () => {
  it('lets a colleague who did not make the invite check the worker’s device', async () => {
    const secrets = schemeSecrets();
    const relay = fakeJournalRelay();
    const maker = await staffDevice(relay, secrets, 1);
    const colleague = await staffDevice(relay, secrets, 2);
    const worker = enrolledWorker(secrets);
    const enrolments = enrolmentRelay([worker.listed]);

    // Before the key is shared the colleague cannot check it.
    await colleague.journal.sync();
    const before = checkableEnrolmentKeys((await colleague.journal.view()).invites);
    const unchecked = await listMemberDevices(enrolments, secrets, before);
    expect(unchecked.devices).toEqual([]);
    expect(unchecked.unchecked.map((u) => u.reason)).toEqual(['unknown-invite']);

    const created = Date.UTC(2026, 11, 13);
    await maker.journal.append(inviteKeyEntry({ ...worker.invite, createdAt: created }));
    await colleague.journal.sync();
    const view = await colleague.journal.view();
    expect(view.invites.get(worker.invite.id)).toMatchObject({
      createdAt: created,
      expiresAt: worker.invite.expiresAt,
      revoked: false,
      removed: false,
    });
    const listed = await listMemberDevices(
      enrolments,
      secrets,
      checkableEnrolmentKeys(view.invites),
    );
    expect(listed.unchecked).toEqual([]);
    expect(listed.devices.map((d) => toBase64Url(d.devicePublicKey))).toEqual([
      toBase64Url(worker.device.publicKey),
    ]);
    // The audit page says a key was shared, for which invite; never the key.
    const shared = view.audit.find((a) => a.action === 'share-invite-key');
    expect(shared?.subject).toBe(worker.invite.id);
    expect(JSON.stringify(view.audit)).not.toContain(toBase64Url(worker.invite.enrolmentKey));
  });

  it('leaves out, on every staff device, a device removed or an invite revoked anywhere', async () => {
    const secrets = schemeSecrets();
    const relay = fakeJournalRelay();
    const maker = await staffDevice(relay, secrets, 1);
    const colleague = await staffDevice(relay, secrets, 2);
    const [kept, removed, revoked] = [1, 2, 3].map(() => enrolledWorker(secrets));
    for (const w of [kept!, removed!, revoked!]) {
      await maker.journal.append(inviteKeyEntry({ ...w.invite, createdAt: 1 }));
    }
    await colleague.journal.append({
      type: 'audit',
      action: 'remove-device',
      subject: removed!.invite.id,
    });
    await colleague.journal.append({
      type: 'audit',
      action: 'revoke-invite',
      subject: revoked!.invite.id,
    });

    await maker.journal.sync();
    const keys = checkableEnrolmentKeys((await maker.journal.view()).invites);
    expect([...keys.keys()]).toEqual([kept!.invite.id]);
    const enrolments = enrolmentRelay([kept!.listed, removed!.listed, revoked!.listed]);
    const listed = await listMemberDevices(enrolments, secrets, keys);
    expect(listed.devices.map((d) => d.invite)).toEqual([kept!.invite.id]);
    expect(listed.unchecked).toHaveLength(2);
  });

  it('counts a removal queued offline on this device at once', async () => {
    const secrets = schemeSecrets();
    const relay = fakeJournalRelay();
    const staff = await staffDevice(relay, secrets, 1);
    const worker = enrolledWorker(secrets);
    await staff.journal.append(inviteKeyEntry({ ...worker.invite, createdAt: 1 }));
    relay.state.offline = true;
    await staff.journal.append({
      type: 'audit',
      action: 'remove-device',
      subject: worker.invite.id,
    });
    expect(checkableEnrolmentKeys((await staff.journal.view()).invites).size).toBe(0);
  });

  it('publishes keys kept before the journal carried them, once, and forgets them here', async () => {
    const secrets = schemeSecrets();
    const relay = fakeJournalRelay();
    const maker = await staffDevice(relay, secrets, 1);
    const colleague = await staffDevice(relay, secrets, 2);
    const keyDb = await openEnrolmentKeyDb(`kept-${newId()}`);
    const [old, alreadyShared] = [enrolledWorker(secrets), enrolledWorker(secrets)];
    await keepEnrolmentKey(keyDb, secrets, old.invite.id, old.invite.enrolmentKey);
    await keepEnrolmentKey(
      keyDb,
      secrets,
      alreadyShared.invite.id,
      alreadyShared.invite.enrolmentKey,
    );
    await maker.journal.append(inviteKeyEntry({ ...alreadyShared.invite, createdAt: 1 }));
    const invites = {
      listInvites: async () => ({
        invites: [{ id: old.invite.id, expiresAt: old.invite.expiresAt, redeemedAt: 5 }],
      }),
    };

    expect(await shareKeptEnrolmentKeys(keyDb, maker.journal, invites, secrets)).toBe(1);
    expect((await enrolmentKeys(keyDb, secrets)).size).toBe(0);
    expect(await shareKeptEnrolmentKeys(keyDb, maker.journal, invites, secrets)).toBe(0);

    await colleague.journal.sync();
    const view = await colleague.journal.view();
    expect(view.invites.get(old.invite.id)).toMatchObject({
      createdAt: null,
      expiresAt: old.invite.expiresAt,
    });
    const keys = checkableEnrolmentKeys(view.invites);
    const enrolments = enrolmentRelay([old.listed, alreadyShared.listed]);
    expect((await listMemberDevices(enrolments, secrets, keys)).devices).toHaveLength(2);
    expect(view.audit.filter((a) => a.action === 'share-invite-key')).toHaveLength(2);
  });

  it('keeps kept keys when it is offline, and shares them without expiry if only the list fails', async () => {
    const secrets = schemeSecrets();
    const relay = fakeJournalRelay();
    const staff = await staffDevice(relay, secrets, 1);
    const keyDb = await openEnrolmentKeyDb(`kept-${newId()}`);
    const worker = enrolledWorker(secrets);
    await keepEnrolmentKey(keyDb, secrets, worker.invite.id, worker.invite.enrolmentKey);
    const offline = {
      listInvites: async () => {
        throw new Error('offline');
      },
    };
    relay.state.offline = true;
    expect(await shareKeptEnrolmentKeys(keyDb, staff.journal, offline, secrets)).toBe(1);
    // Queued (sealed) on this device: it counts here now and is sent at the next sync.
    expect((await staff.journal.view()).invites.get(worker.invite.id)?.expiresAt).toBeNull();
    relay.state.offline = false;
    expect(await staff.journal.sync()).toMatchObject({ ok: true, pending: 0 });
    const sent = relay.entries.map((e) => openJournalEnvelope(e.envelope, journalKey(secrets)));
    expect(sent.some((s) => s?.entry.body.type === 'invite-key')).toBe(true);
  });

  it('accepts only well-formed invite-key entries', () => {
    const good = inviteKeyEntry({
      id: newId(),
      enrolmentKey: new Uint8Array(32),
      createdAt: 1,
      expiresAt: null,
      epoch: 1,
    });
    expect(isJournalBody(good)).toBe(true);
    const bad = [
      { ...good, key: toBase64Url(new Uint8Array(31)) },
      { ...good, invite: 'not an id' },
      { ...good, createdAt: -1 },
      { ...good, expiresAt: '2026-12-20' },
      { ...good, epoch: 1.5 },
      { ...good, worker: 'anyone' },
      { type: 'members-key-sent', epoch: 2, invites: [] },
      { type: 'members-key-sent', epoch: 2, invites: ['not an id'] },
    ];
    expect(isJournalBody(keySentEntries(2, [newId()])[0])).toBe(true);
    for (const body of bad) expect(isJournalBody(body)).toBe(false);
    expect(() =>
      inviteKeyEntry({
        id: newId(),
        enrolmentKey: new Uint8Array(16),
        createdAt: 1,
        expiresAt: 1,
        epoch: 1,
      }),
    ).toThrow(TypeError);
  });

  it('tells which devices joined with an invite made before the current epoch, until sent it', async () => {
    const secrets = schemeSecrets();
    const relay = fakeJournalRelay();
    const staff = await staffDevice(relay, secrets, 1);
    const colleague = await staffDevice(relay, secrets, 2);
    const [before, after, legacy] = [1, 2, 3].map(() => enrolledWorker(secrets));
    const many = Array.from({ length: 150 }, () => newId());
    await staff.journal.append(inviteKeyEntry({ ...before!.invite, createdAt: 1, epoch: 1 }));
    await staff.journal.append(inviteKeyEntry({ ...after!.invite, createdAt: 2, epoch: 2 }));
    await staff.journal.append(inviteKeyEntry({ ...legacy!.invite, createdAt: null, epoch: null }));

    const behind = async (current: number) => {
      await colleague.journal.sync();
      const { invites } = await colleague.journal.view();
      return [before!, after!, legacy!].map((w) =>
        lacksCurrentKey(invites.get(w.invite.id), current),
      );
    };
    expect(await behind(1)).toEqual([false, false, true]);
    expect(await behind(2)).toEqual([true, false, true]);
    // Sent by one staff device: no colleague sends it again; a later epoch is lacking again.
    for (const entry of keySentEntries(2, [before!.invite.id, legacy!.invite.id, ...many])) {
      await staff.journal.append(entry);
    }
    expect(await behind(2)).toEqual([false, false, false]);
    expect(await behind(3)).toEqual([true, true, true]);
    expect(keySentEntries(2, many).map((e) => e.invites.length)).toEqual([100, 50]);
    expect(lacksCurrentKey(undefined, 5)).toBe(false);
    const audit = (await colleague.journal.view()).audit.filter(
      (a) => a.action === 'send-members-key',
    );
    expect(audit.map((a) => a.subject)).toEqual(['2', '2']);
  });
});
