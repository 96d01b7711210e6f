import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import type { AlertContent } from '../../shared/domain/alert.js';
import { sealAlert } from '../../shared/protocol/alert-envelope.js';
import { createInvite } from '../../shared/protocol/invite.js';
import { sealReport } from '../../shared/protocol/report-envelope.js';
import { postgresBackend } from '../support/relay-backends.js';
import { newId, postJson, signedFetch } from '../support/relay-network.js';
import {
  filesUnder,
  reportFixtures,
  scanForNeedles,
  type ReportFixture,
} from './support/at-rest-scan.js';
import { createRelayFixture, type RelayFixture } from './support/relay-fixture.js';
import { recordFigures, sized } from './support/reliability-mode.js';

/**
 * At rest: the relay process runs a whole scheme's traffic with rich fictional report fixtures
 * (every field filled, identifiers in several spellings): reports sealed and submitted, listed
 * and acknowledged, alerts published from them and streamed, an invite made and redeemed, and
 * malformed requests that carry the same plaintext in bodies and query strings. Then the
 * relay's database files and its whole event log are scanned, as bytes, for the narratives,
 * every spelling of every identifier, and plain hashes of each: none may be there.
 *
 * SQLite: the database file with its WAL and shared-memory files. PostgreSQL: after a
 * CHECKPOINT, the files of this test's own database under the cluster's data directory (read
 * as root on these machines; skipped with a message where the data directory is unreadable).
 */

const FIXTURES = sized(12, 60);
const cleanups: (() => Promise<void>)[] = [];

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
});

/** Drives every route that can carry a reporter's or scheme's data through the relay. */
async function runTraffic(fixture: RelayFixture, reports: ReportFixture[]): Promise<void> {
  const { url } = fixture.relay;
  const network = fixture.network;
  const secrets = network.schemes.get('north')!;

  for (const report of reports) {
    const envelope = sealReport(report.content, secrets.box.publicKey);
    expect((await postJson(url, '/v1/reports', envelope)).status).toBe(201);
    // Hostile copies: the same plaintext where the relay must refuse and forget it.
    const leaky = { ...envelope, box: report.content.narrative, epk: report.secrets.at(-1) };
    expect((await postJson(url, '/v1/reports', leaky)).status).toBe(400);
    expect((await postJson(url, '/v1/reports', report.content)).status).toBe(400);
    const query = encodeURIComponent(report.content.who.phones[0]!);
    expect((await fetch(`${url}/v1/alerts?after=${query}`)).status).toBe(400);
    expect((await fetch(`${url}/v1/replies/${query}`)).status).toBeLessThan(500);
  }

  const listed = await fixture.listReports('north');
  expect(listed.length).toBe(reports.length);
  const ids = listed.map((r) => r.envelope.id);
  const ack = await signedFetch(url, network, 'north', 'POST', '/v1/schemes/north/reports/ack', {
    ids,
  });
  expect(ack.status).toBe(200);

  for (const report of reports) {
    const now = Date.now();
    const alert: AlertContent = {
      v: 1,
      kind: 'alert',
      id: newId(),
      scheme: 'north',
      revision: 1,
      issuedAt: now,
      expiresAt: now + 30 * 86_400_000,
      regions: ['Testshire'],
      area: report.content.where.area,
      incidentDate: '2026-11-30',
      severity: 'high',
      incidentTypes: ['robbery'],
      setting: 'outcall',
      identifiers: [
        { kind: 'phone', value: `+44${report.content.who.phones[0]!.replace(/\D/g, '').slice(1)}` },
        { kind: 'email', value: report.content.who.emails[0]!.toLowerCase() },
      ],
      advice: ['do-not-book'],
      description: report.content.who.description,
    };
    const sealed = sealAlert(alert, secrets.signing.secretKey, network.members[0]!);
    const published = await signedFetch(url, network, 'north', 'POST', '/v1/alerts', sealed);
    expect(published.status).toBe(201);
  }
  const feed = await fetch(`${url}/v1/alerts?after=0&limit=500`);
  expect(((await feed.json()) as { alerts: unknown[] }).alerts.length).toBe(reports.length);

  const invite = createInvite('north', network.members, Date.now() + 86_400_000);
  const created = await signedFetch(url, network, 'north', 'POST', '/v1/invites', invite.record);
  expect(created.status).toBe(201);
  const redeemed = await fetch(`${url}/v1/invites/${invite.record.id}/redeem`, { method: 'POST' });
  expect(redeemed.status).toBe(200);
}

/**
 * The on-disk files of every table, index and TOAST relation of this database (after a
 * CHECKPOINT, so what the relay wrote is in them), read straight from the data directory.
 */
async function postgresFiles(databaseUrl: string): Promise<{ name: string; bytes: Buffer }[]> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    await sql`CHECKPOINT`;
    const dirRows = await sql<{ dir: string }[]>`SELECT current_setting('data_directory') AS dir`;
    const rows = await sql<{ path: string }[]>`
      SELECT pg_relation_filepath(c.oid) AS path
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname IN ('public', 'pg_toast') AND c.relkind IN ('r', 't', 'i')
        AND pg_relation_filepath(c.oid) IS NOT NULL`;
    const files: { name: string; bytes: Buffer }[] = [];
    for (const { path } of rows) {
      for (const segment of [path, `${path}.1`, `${path}.2`]) {
        const full = join(dirRows[0]!.dir, segment);
        if (existsSync(full)) files.push({ name: full, bytes: readFileSync(full) });
      }
    }
    return files;
  } catch {
    return [];
  } finally {
    await sql.end({ timeout: 1 });
  }
}

describe.each(['sqlite', 'postgres'] as const)('at rest on %s', (backend) => {
  it('keeps no narrative, no identifier in any spelling and no plain hash of one', async () => {
    let databaseUrl: string | undefined;
    if (backend === 'postgres') {
      const created = await postgresBackend.create();
      cleanups.push(created.drop);
      databaseUrl = created.location.databaseUrl;
    }
    const fixture = await createRelayFixture({ databaseUrl, keep: true });
    cleanups.push(async () => {
      await fixture.close();
      rmSync(fixture.work, { recursive: true, force: true });
    });
    const reports = reportFixtures('north', FIXTURES);

    await runTraffic(fixture, reports);
    const storedIds = (await fixture.listReports('north')).map((r) => r.envelope.id);
    // Read while running (SQLite's WAL holds the newest pages), and again after a clean stop
    // (the WAL checkpointed into the file, the log flushed).
    const running = filesUnder(fixture.work);
    await fixture.relay.kill('SIGTERM');

    const files = [...running, ...filesUnder(fixture.work)];
    if (databaseUrl) {
      const database = await postgresFiles(databaseUrl);
      if (database.length === 0) {
        console.warn('at-rest: PostgreSQL data directory not readable here; only the log scanned');
      }
      files.push(...database);
    }
    const needles = reports.flatMap((r) => r.needles);
    const hits = scanForNeedles(files, needles);

    // The scan itself must be able to see plaintext: a control file with one needle is found.
    const control = scanForNeedles([{ name: 'control', bytes: Buffer.from(needles[0]!) }], needles);
    expect(control.length).toBeGreaterThan(0);
    expect(files.some((f) => f.name.endsWith('relay.log') && f.bytes.length > 0)).toBe(true);
    // And the files scanned are the ones holding the data: every stored report's id is in them
    // (as text or as its bytes), so an empty or wrong file set cannot pass.
    const inFiles = (id: string) =>
      files.some(
        (f) => f.bytes.includes(Buffer.from(id)) || f.bytes.includes(Buffer.from(id, 'base64url')),
      );
    expect(storedIds.filter((id) => !inFiles(id))).toEqual([]);

    recordFigures(`at rest (${backend})`, {
      reports: reports.length,
      needles: new Set(needles).size,
      filesScanned: files.length,
      bytesScanned: files.reduce((n, f) => n + f.bytes.length, 0),
      hits: hits.length,
    });
    expect(hits).toEqual([]);
  });
});
