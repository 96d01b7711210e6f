import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { createAuditLog } from '../../../shared/staff/audit-log.js';
import { openStaffDb, type StaffDb } from '../../../shared/staff/staff-db.js';
import { newId, schemeSecrets } from './staff-fixtures.js';

async function logWithThree() {
  const db = await openStaffDb(`audit-${newId()}`);
  const secrets = schemeSecrets();
  const log = createAuditLog(db, secrets);
  await log.append('AAAAAAAAAAAAAAAAAAAAAA', 'unlock', '', 1);
  await log.append('AAAAAAAAAAAAAAAAAAAAAA', 'open-report', 'r1', 2);
  await log.append('BBBBBBBBBBBBBBBBBBBBBB', 'publish-alert', 'a1', 3);
  return { db, secrets, log };
}

async function rewrite(db: StaffDb, seq: number, change: (v: Record<string, unknown>) => void) {
  const entry = (await db.getAll('audit')).find((e) => e.seq === seq)!;
  change(entry as unknown as Record<string, unknown>);
  await db.put('audit', entry);
}

describe('audit log', () => {
  it('lists entries newest first and verifies an untouched chain', async () => {
    const { log } = await logWithThree();
    expect((await log.list()).map((e) => e.action)).toEqual([
      'publish-alert',
      'open-report',
      'unlock',
    ]);
    expect(await log.verify()).toEqual({ ok: true, entries: 3 });
  });

  it('keeps entries sealed: nothing but the chain hashes is readable at rest', async () => {
    const { db } = await logWithThree();
    const raw = JSON.stringify(await db.getAll('audit'));
    expect(raw).not.toContain('publish-alert');
    expect(raw).not.toContain('BBBBBBBBBBBBBBBBBBBBBB');
  });

  it('shows where an entry was replaced, removed or re-linked', async () => {
    const replaced = await logWithThree();
    const other = await replaced.log.append('AAAAAAAAAAAAAAAAAAAAAA', 'lock', '', 4);
    expect(other.seq).toBe(4);
    const sealedOfFour = (await replaced.db.getAll('audit')).find((e) => e.seq === 4)!.sealed;
    await rewrite(replaced.db, 2, (e) => (e.sealed = sealedOfFour));
    expect(await replaced.log.verify()).toEqual({ ok: false, brokenAt: 2 });

    const removed = await logWithThree();
    await removed.db.delete('audit', [removed.secrets.scheme, 2]);
    expect(await removed.log.verify()).toEqual({ ok: false, brokenAt: 3 });

    const relinked = await logWithThree();
    await rewrite(relinked.db, 3, (e) => (e.previous = 'genesis'));
    expect(await relinked.log.verify()).toEqual({ ok: false, brokenAt: 3 });
  });

  it('refuses an unknown action or an oversized subject (misuse)', async () => {
    const { log } = await logWithThree();
    await expect(log.append('A', 'delete-everything' as never)).rejects.toThrow(TypeError);
    await expect(log.append('A', 'reply', 'x'.repeat(201))).rejects.toThrow(TypeError);
  });
});
