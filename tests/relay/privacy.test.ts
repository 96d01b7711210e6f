import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toBase64Url } from '../../shared/encoding/bytes.js';
import { createInvite } from '../../shared/protocol/invite.js';
import { createReceipt, sealReply } from '../../shared/protocol/receipt.js';
import { sealReport } from '../../shared/protocol/report-envelope.js';
import { openStore, type StoreLocation } from '../../server/store/open-store.js';
import { BACKENDS } from '../support/relay-backends.js';
import {
  createTestNetwork,
  publishDirectory,
  sampleAlert,
  sampleReportContent,
  signedFetch,
  type TestNetwork,
} from '../support/relay-network.js';
import { spawnRelay } from '../support/relay-process.js';

// A reporter's journey through a relay process behind a (simulated) proxy, then a look at
// everything the relay kept: its whole log and the raw database. Neither may hold the report's
// plaintext, the reporter's address or user agent, or any id that could link requests.
const CLIENT_ADDRESS = '203.0.113.77';
const USER_AGENT = 'UMN-Privacy-Probe/1.0';

describe.each(BACKENDS)('what the relay keeps on $name', (backend) => {
  let network: TestNetwork;
  let location: StoreLocation;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const created = await backend.create();
    location = created.location;
    drop = created.drop;
    const store = await openStore(location);
    network = createTestNetwork(['north']);
    await publishDirectory(network, store);
    await store.close();
  });

  afterAll(async () => {
    await drop?.();
  });

  it('logs structured events only, and stores no plaintext, address, agent or request id', async () => {
    const relay = await spawnRelay({
      ...(location.databaseUrl
        ? { DATABASE_URL: location.databaseUrl }
        : { RELAY_SQLITE_PATH: location.sqlitePath! }),
      RELAY_ROOT_PUBLIC_KEY: toBase64Url(network.root.publicKey),
      RELAY_TRUST_PROXY: 'true',
      RELAY_LOG_LEVEL: 'debug',
    });
    const north = network.schemes.get('north')!;
    const receipt = createReceipt();
    const content = { ...sampleReportContent('north'), replyKey: receipt.replyKey };
    content.consent = { ...content.consent, reply: true };
    const report = sealReport(content, north.box.publicKey);
    const headers = {
      'content-type': 'application/json',
      'x-forwarded-for': CLIENT_ADDRESS,
      'user-agent': USER_AGENT,
    };

    const sent = await fetch(`${relay.url}/v1/reports`, {
      method: 'POST',
      headers,
      body: JSON.stringify(report),
    });
    expect(sent.status).toBe(201);
    await fetch(`${relay.url}/v1/reports`, { method: 'POST', headers, body: '{broken' });
    const alert = sampleAlert(network, 'north');
    expect(
      (await signedFetch(relay.url, network, 'north', 'POST', '/v1/alerts', alert)).status,
    ).toBe(201);
    const { record } = createInvite('north', north.members, Date.now() + 86_400_000);
    await signedFetch(relay.url, network, 'north', 'POST', '/v1/invites', record);
    await fetch(`${relay.url}/v1/invites/${record.id}/redeem`, { method: 'POST', headers });
    const reply = sealReply(
      { v: 1, scheme: 'north', sentAt: Date.now(), text: 'UNIQUE-REPLY-MARKER' },
      Buffer.from(receipt.replyKey, 'base64url'),
      north.signing.secretKey,
    );
    await signedFetch(relay.url, network, 'north', 'POST', '/v1/replies', {
      receiptId: receipt.receiptId,
      envelope: reply,
    });
    await fetch(`${relay.url}/v1/replies/${receipt.receiptId}`, { headers });
    await relay.stop();

    // The log: JSON lines, and a traffic summary rather than a line per request.
    const log = relay.output.join('\n');
    for (const line of relay.output) expect(() => JSON.parse(line)).not.toThrow();
    expect(relay.output.some((line) => JSON.parse(line).event === 'traffic')).toBe(true);
    const never = [
      CLIENT_ADDRESS,
      USER_AGENT,
      report.id,
      receipt.receiptId,
      receipt.code.text,
      record.id,
      '07700',
      'example.com',
      'UNIQUE-PLAINTEXT-MARKER',
      'UNIQUE-REPLY-MARKER',
      toBase64Url(north.box.secretKey),
    ];
    for (const secret of never) expect(log).not.toContain(secret);

    // The database, byte for byte.
    const stored = await dumpDatabase(location);
    const plaintext = [
      CLIENT_ADDRESS,
      USER_AGENT,
      receipt.code.text,
      '07700 900123',
      'client@example.com',
      'TE57 ABC',
      'UNIQUE-PLAINTEXT-MARKER',
      'UNIQUE-REPLY-MARKER',
      'Dave',
    ];
    for (const secret of plaintext) {
      expect(stored).not.toContain(secret);
      expect(stored).not.toContain(Buffer.from(secret).toString('hex'));
    }
    // Sanity: the scan does see what is stored (the report id, in the clear, is routing data).
    expect(stored).toContain(report.id);
  });
});

async function dumpDatabase(location: StoreLocation): Promise<string> {
  if (location.sqlitePath) {
    const dir = dirname(location.sqlitePath);
    return readdirSync(dir)
      .map((file) => readFileSync(join(dir, file)).toString('latin1'))
      .join('\n');
  }
  const sql = postgres(location.databaseUrl!, { max: 1, onnotice: () => {} });
  try {
    const tables = await sql<{ tablename: string }[]>`
      SELECT tablename FROM pg_tables WHERE schemaname = 'public'`;
    const parts: string[] = [];
    for (const { tablename } of tables) {
      const rows = await sql.unsafe(`SELECT t::text AS row FROM "${tablename}" t`);
      parts.push(...rows.map((r) => String(r.row)));
    }
    return parts.join('\n');
  } finally {
    await sql.end({ timeout: 1 });
  }
}
