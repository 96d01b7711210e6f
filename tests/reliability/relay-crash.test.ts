import { afterAll, describe, expect, it } from 'vitest';
import type { ReportEnvelope } from '../../shared/protocol/report-envelope.js';
import { postgresBackend } from '../support/relay-backends.js';
import { postJson, sampleReport } from '../support/relay-network.js';
import { createRelayFixture, type RelayFixture } from './support/relay-fixture.js';
import { FULL, recordFigures, sized } from './support/reliability-mode.js';

/**
 * Crash: the relay process is killed with SIGKILL in the middle of a burst of submissions (no
 * shutdown hook runs), then started again on the same database. Every report the relay had
 * acknowledged (201/200) must be there and open intact; the reports whose answer was lost are
 * then re-sent by their clients under the same id, and each is stored exactly once.
 * Run on SQLite (default durability) and PostgreSQL.
 *
 * The bounded suite leaves this to tests/relay/crash.test.ts (one kill per backend, the relay
 * engineer's); the full run adds this one: ten crashes in a row on the same database, each
 * stored report opened to prove it is intact.
 */

const CYCLES = sized(3, 10);
const CONCURRENCY = 32;

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
});

async function setUp(backend: 'sqlite' | 'postgres'): Promise<RelayFixture> {
  if (backend === 'sqlite') {
    const fixture = await createRelayFixture();
    cleanups.push(() => fixture.close());
    return fixture;
  }
  const created = await postgresBackend.create();
  cleanups.push(created.drop);
  const fixture = await createRelayFixture({ databaseUrl: created.location.databaseUrl });
  cleanups.push(() => fixture.close());
  return fixture;
}

describe.skipIf(!FULL).each(['sqlite', 'postgres'] as const)(
  'relay killed -9 during a burst (%s)',
  (backend) => {
    it(`keeps every acknowledged report over ${CYCLES} crashes`, async () => {
      const fixture = await setUp(backend);
      const acknowledged = new Set<string>();
      const unanswered = new Map<string, ReportEnvelope>();
      let sent = 0;

      for (let cycle = 0; cycle < CYCLES; cycle++) {
        const { url } = fixture.relay;
        let stop = false;
        const sender = async () => {
          while (!stop) {
            const envelope = sampleReport(fixture.network, 'north');
            sent++;
            try {
              const response = await postJson(url, '/v1/reports', envelope);
              if (response.status === 201 || response.status === 200) acknowledged.add(envelope.id);
              else unanswered.set(envelope.id, envelope);
            } catch {
              unanswered.set(envelope.id, envelope); // The connection died with the relay.
            }
          }
        };
        const senders = Array.from({ length: CONCURRENCY }, sender);
        // Let the burst run a varying while, so the kill lands at a different point each cycle.
        await new Promise((resolve) => setTimeout(resolve, 400 + Math.random() * 800));
        await fixture.relay.kill('SIGKILL');
        stop = true;
        await Promise.all(senders);
        await fixture.restart();

        const listed = await fixture.listReports('north');
        const stored = new Set(listed.map((r) => r.envelope.id));
        const lost = [...acknowledged].filter((id) => !stored.has(id));
        expect(lost, `cycle ${cycle}: acknowledged reports missing after the crash`).toEqual([]);
        expect(stored.size).toBe(listed.length);
        for (const report of listed) {
          expect(fixture.open('north', report.envelope)?.id).toBe(report.envelope.id);
        }
      }

      // The clients whose answer was lost retry under the same id: each lands exactly once.
      for (const envelope of unanswered.values()) {
        const response = await postJson(fixture.relay.url, '/v1/reports', envelope);
        expect([200, 201]).toContain(response.status);
      }
      const listed = await fixture.listReports('north');
      expect(listed.length).toBe(acknowledged.size + unanswered.size);
      expect(new Set(listed.map((r) => r.envelope.id)).size).toBe(listed.length);

      recordFigures(`relay killed -9 (${backend})`, {
        crashes: CYCLES,
        submitted: sent,
        acknowledgedBeforeCrash: acknowledged.size,
        answerLostAndRetried: unanswered.size,
        acknowledgedLost: 0,
        storedAfterRetries: listed.length,
      });
    });
  },
);
