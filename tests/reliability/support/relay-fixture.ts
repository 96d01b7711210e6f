import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../../server/store/open-store.js';
import { openReport, type ReportEnvelope } from '../../../shared/protocol/report-envelope.js';
import type { ReportContent } from '../../../shared/domain/report.js';
import {
  createTestNetwork,
  publishDirectory,
  signedFetch,
  type TestNetwork,
} from '../../support/relay-network.js';
import { LOAD_TEST_LIMITS, startRelayChild, type RelayChild } from '../../support/relay-child.js';

/** One stored report as the scheme lists it. */
export interface ListedReport {
  seq: number;
  envelope: ReportEnvelope;
  receivedAt: number;
}

/**
 * A relay for reliability tests: a fresh network (root key, scheme secrets), its directory in a
 * fresh SQLite file (or a given PostgreSQL database), and the production relay process started
 * on 127.0.0.1 with its event log captured in `logPath`. `restart()` starts a new process on the
 * same database after a crash.
 */
export interface RelayFixture {
  network: TestNetwork;
  work: string;
  sqlitePath: string;
  logPath: string;
  relay: RelayChild;
  /** Starts the relay again on the same database (and the same port when `samePort`). */
  restart(samePort?: boolean): Promise<RelayChild>;
  /** Every report the scheme can list, paged by cursor through the signed API. */
  listReports(scheme: string): Promise<ListedReport[]>;
  /** Opens a listed report with the scheme's secret key (null when it does not open). */
  open(scheme: string, envelope: ReportEnvelope): ReportContent | null;
  /** Stops the relay and deletes the temporary folder. */
  close(): Promise<void>;
}

/** Options for createRelayFixture. */
export interface RelayFixtureOptions {
  schemes?: string[];
  databaseUrl?: string;
  /** Extra relay environment (default: loopback load-test limits). */
  env?: Record<string, string>;
  /** Keep the temporary folder (the at-rest scan reads it before deleting). */
  keep?: boolean;
}

/** Creates the network, stores its directory and starts the relay process. */
export async function createRelayFixture(options: RelayFixtureOptions = {}): Promise<RelayFixture> {
  const work = mkdtempSync(join(tmpdir(), 'umn-reliability-'));
  const network = createTestNetwork(options.schemes ?? ['north']);
  const sqlitePath = join(work, 'relay.sqlite');
  const logPath = join(work, 'relay.log');
  const location = options.databaseUrl ? { databaseUrl: options.databaseUrl } : { sqlitePath };
  const store = await openStore(location);
  await publishDirectory(network, store);
  await store.close();

  const start = (port?: number) =>
    startRelayChild({
      rootPublicKey: network.root.publicKey,
      ...location,
      logPath,
      port,
      env: { ...LOAD_TEST_LIMITS, ...options.env },
    });

  const fixture: RelayFixture = {
    network,
    work,
    sqlitePath,
    logPath,
    relay: await start(),
    async restart(samePort = false) {
      fixture.relay = await start(samePort ? fixture.relay.port : undefined);
      return fixture.relay;
    },
    async listReports(scheme) {
      const all: ListedReport[] = [];
      let after = 0;
      for (;;) {
        const path = `/v1/schemes/${scheme}/reports?after=${after}&limit=500`;
        const response = await signedFetch(fixture.relay.url, network, scheme, 'GET', path);
        if (response.status !== 200) throw new Error(`listing reports answered ${response.status}`);
        const page = (await response.json()) as { reports: ListedReport[]; cursor: number };
        all.push(...page.reports);
        if (page.reports.length < 500) return all;
        after = page.cursor;
      }
    },
    open(scheme, envelope) {
      return openReport(envelope, network.schemes.get(scheme)!.box.secretKey);
    },
    async close() {
      await fixture.relay.kill('SIGTERM');
      if (!options.keep) rmSync(work, { recursive: true, force: true });
    },
  };
  return fixture;
}
