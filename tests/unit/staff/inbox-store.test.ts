import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { sealReport } from '../../../shared/protocol/report-envelope.js';
import type { SchemeSecrets } from '../../../shared/protocol/keys.js';
import type { ListedReport } from '../../../shared/relay-client.js';
import { createInbox } from '../../../shared/staff/inbox-store.js';
import { filterInbox } from '../../../shared/staff/inbox-filter.js';
import { openStaffDb } from '../../../shared/staff/staff-db.js';
import { newId, sampleReport, schemeSecrets } from './staff-fixtures.js';

/** A relay double that pages through a fixed list of envelopes after a cursor. */
function fakeRelay(listed: ListedReport[]) {
  const calls: number[] = [];
  return {
    calls,
    listReports: async (_secrets: SchemeSecrets, after = 0, limit = 100) => {
      calls.push(after);
      const reports = listed.filter((r) => r.seq > after).slice(0, limit);
      return { reports, cursor: reports.at(-1)?.seq ?? after };
    },
  };
}

function listedReports(secrets: SchemeSecrets, count: number): ListedReport[] {
  return Array.from({ length: count }, (_, i) => {
    const report = sampleReport(secrets.scheme);
    report.where.area = `Area ${i}`;
    return {
      seq: i + 1,
      envelope: sealReport(report, secrets.box.publicKey),
      receivedAt: 1_000 + i,
    };
  });
}

describe('inbox store', () => {
  it('fetches every page after the cursor once, and opens reports newest first', async () => {
    const secrets = schemeSecrets();
    const db = await openStaffDb(`inbox-${newId()}`);
    const relay = fakeRelay(listedReports(secrets, 150));
    const inbox = createInbox(db, secrets);

    expect(await inbox.sync(relay)).toEqual({ added: 150 });
    expect(await inbox.sync(relay)).toEqual({ added: 0 });
    expect(relay.calls).toEqual([0, 100, 150]);
    const entries = await inbox.list();
    expect(entries).toHaveLength(150);
    expect(entries[0]!.report?.where.area).toBe('Area 149');
    expect(entries[0]!.severity).toBe('high');
    expect(await inbox.unreadCount()).toBe(150);
  });

  it('keeps status and notes sealed at rest, readable again with the secrets', async () => {
    const secrets = schemeSecrets();
    const dbName = `inbox-${newId()}`;
    const db = await openStaffDb(dbName);
    const [listed] = listedReports(secrets, 1);
    await createInbox(db, secrets).sync(fakeRelay([listed!]));
    const id = listed!.envelope.id;

    await createInbox(db, secrets).update(id, {
      status: 'in-review',
      notes: 'Called back on 07700 900123',
      read: true,
    });
    const raw = JSON.stringify(await db.getAll('reports'));
    expect(raw).not.toContain('07700 900123');
    expect(raw).not.toContain('in-review');

    const again = await createInbox(db, secrets).get(id);
    expect(again).toMatchObject({
      status: 'in-review',
      notes: 'Called back on 07700 900123',
      read: true,
    });
    expect(await createInbox(db, secrets).unreadCount()).toBe(0);
  });

  it('lists an envelope sealed to another key as unreadable, not as an error', async () => {
    const secrets = schemeSecrets();
    const other = schemeSecrets();
    const db = await openStaffDb(`inbox-${newId()}`);
    const envelope = sealReport(sampleReport(secrets.scheme), other.box.publicKey);
    await createInbox(db, secrets).sync(fakeRelay([{ seq: 1, envelope, receivedAt: 5 }]));
    const [entry] = await createInbox(db, secrets).list();
    expect(entry).toMatchObject({ report: null, severity: null, status: 'new' });
  });

  it('refuses a malformed status (misuse) and answers null for an unknown report', async () => {
    const secrets = schemeSecrets();
    const db = await openStaffDb(`inbox-${newId()}`);
    const [listed] = listedReports(secrets, 1);
    const inbox = createInbox(db, secrets);
    await inbox.sync(fakeRelay([listed!]));
    await expect(inbox.update(listed!.envelope.id, { status: 'deleted' as never })).rejects.toThrow(
      TypeError,
    );
    expect(await inbox.update(newId(), { read: true })).toBeNull();
  });
});

describe('filterInbox', () => {
  it.each([
    [{ text: '' }, 3],
    [{ text: 'leeds' }, 2],
    [{ text: '07700900456' }, 1],
    [{ text: '07700 900456' }, 1],
    [{ status: 'closed' as const }, 1],
    [{ severity: 'critical' as const }, 1],
    [{ text: 'nothing like this' }, 0],
  ])('%o finds %i', (filter, count) => {
    const base = { seq: 1, receivedAt: 1, read: false, notes: '', updatedAt: 1 };
    const a = sampleReport();
    a.who.phones = ['07700 900456'];
    const b = sampleReport();
    b.who.phones = ['07700 900123'];
    const c = sampleReport();
    c.where.area = 'Newcastle';
    c.who.phones = [];
    c.incidentTypes = ['physical-assault'];
    const entries = [
      { ...base, id: 'a', report: a, status: 'new' as const, severity: 'high' as const },
      { ...base, id: 'b', report: b, status: 'closed' as const, severity: 'high' as const },
      { ...base, id: 'c', report: c, status: 'new' as const, severity: 'critical' as const },
    ];
    expect(filterInbox(entries, filter)).toHaveLength(count);
  });

  it('sorts unreadable envelopes below readable reports and discards them in acknowledged batches', async () => {
    const secrets = schemeSecrets();
    const stranger = schemeSecrets();
    const db = await openStaffDb(`inbox-${newId()}`);
    const readable = listedReports(secrets, 2);
    // Junk: well-formed envelopes addressed to this scheme that its key cannot open, newer
    // than every real report, as an anonymous flood would be.
    const junk: ListedReport[] = Array.from({ length: 501 }, (_, i) => ({
      seq: 10 + i,
      envelope: sealReport(sampleReport(secrets.scheme), stranger.box.publicKey),
      receivedAt: 5_000 + i,
    }));
    const inbox = createInbox(db, secrets);
    await inbox.sync(fakeRelay([...readable, ...junk]));

    const before = await inbox.list();
    expect(before.slice(0, 2).map((e) => e.report?.where.area)).toEqual(['Area 1', 'Area 0']);
    expect(before.slice(2).every((e) => e.report === null)).toBe(true);

    const acked: string[][] = [];
    const offline = {
      ackReports: async () => {
        throw new Error('offline');
      },
    };
    await expect(inbox.discardUnreadable(offline)).rejects.toThrow();
    expect(await inbox.list()).toHaveLength(503);

    const relay = {
      ackReports: async (_s: SchemeSecrets, ids: string[]) => {
        acked.push(ids);
        return { acknowledged: ids.length };
      },
    };
    expect(await inbox.discardUnreadable(relay)).toEqual({ discarded: 501 });
    expect(acked.map((batch) => batch.length)).toEqual([500, 1]);
    expect(new Set(acked.flat())).toEqual(new Set(junk.map((j) => j.envelope.id)));
    const after = await inbox.list();
    expect(after.map((e) => e.id)).toEqual([readable[1]!.envelope.id, readable[0]!.envelope.id]);
    expect(await inbox.sync(fakeRelay([...readable, ...junk]))).toEqual({ added: 0 });
  });
});
