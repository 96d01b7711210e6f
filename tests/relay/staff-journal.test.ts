import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toBase64Url } from '../../shared/encoding/bytes.js';
import {
  JOURNAL_GENESIS,
  journalKey,
  journalLink,
  journalSigningKeyPair,
  sealJournalEntry,
  verifyJournal,
  type JournalEnvelope,
  type JournalRecord,
} from '../../shared/protocol/staff-journal.js';
import { startRelay, type RunningRelay } from '../../server/relay.js';
import { openStore } from '../../server/store/open-store.js';
import type { RelayStore } from '../../server/store/relay-store.js';
import { BACKENDS } from '../support/relay-backends.js';
import {
  createTestNetwork,
  newId,
  publishDirectory,
  signedFetch,
  type TestNetwork,
} from '../support/relay-network.js';

const GENEROUS = {
  report: { burst: 10_000, perMinute: 10_000 },
  redeem: { burst: 1000, perMinute: 1000 },
  read: { burst: 10_000, perMinute: 10_000 },
};
const STAFF = newId();
const signer = journalSigningKeyPair(new Uint8Array(32).fill(9));

describe.each(BACKENDS)('staff journal routes on $name', (backend) => {
  let network: TestNetwork;
  let store: RelayStore;
  let relay: RunningRelay;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const created = await backend.create();
    drop = created.drop;
    store = await openStore(created.location);
    network = createTestNetwork(['london', 'north-east', 'east']);
    network.suspended.add('east');
    await publishDirectory(network, store);
    relay = await startRelay({ rootPublicKey: network.root.publicKey, store, rateRules: GENEROUS });
  });

  afterAll(async () => {
    await relay?.close();
    await store?.close();
    await drop?.();
  });

  /** An entry sealed as a staff member of `scheme` would, extending `previous`. */
  const entry = (scheme: string, previous: string, type = 'audit'): JournalEnvelope =>
    sealJournalEntry(
      {
        v: 1,
        scheme,
        staff: STAFF,
        previous,
        at: Date.now(),
        body:
          type === 'staff-key'
            ? { type, publicKey: toBase64Url(signer.publicKey) }
            : { type, action: 'unlock', subject: '' },
      },
      signer.secretKey,
      journalKey(network.schemes.get(scheme)!),
    );
  const append = (scheme: string, body: unknown, path = scheme) =>
    signedFetch(relay.url, network, scheme, 'POST', `/v1/schemes/${path}/journal`, body);
  const read = (scheme: string, after = 0, path = scheme) =>
    signedFetch(relay.url, network, scheme, 'GET', `/v1/schemes/${path}/journal?after=${after}`);

  it('appends a linear chain and lists it to the scheme, which verifies it', async () => {
    const first = entry('london', JOURNAL_GENESIS, 'staff-key');
    const one = await append('london', { previous: JOURNAL_GENESIS, envelope: first });
    expect(one.status).toBe(201);
    const { seq, link } = (await one.json()) as { seq: number; link: string };
    expect(link).toBe(journalLink(JOURNAL_GENESIS, first));

    const second = entry('london', link);
    expect((await append('london', { previous: link, envelope: second })).status).toBe(201);

    const listed = (await (await read('london')).json()) as {
      entries: JournalRecord[];
      cursor: number;
    };
    expect(listed.entries.map((e) => e.seq)).toEqual([seq, listed.cursor]);
    expect(listed.entries[1]!.envelope).toEqual(second);
    const check = await verifyJournal(
      listed.entries,
      journalKey(network.schemes.get('london')!),
      'london',
    );
    expect(check.brokenAt).toBeNull();
    expect(check.refused).toEqual([]);
    expect(check.entries).toHaveLength(2);

    const after = (await (await read('london', seq)).json()) as { entries: JournalRecord[] };
    expect(after.entries).toHaveLength(1);
    // Another scheme's journal is its own, empty chain.
    expect(await (await read('north-east')).json()).toEqual({ entries: [], cursor: 0 });
  });

  it('answers 409 stale-head to an append that does not extend the head, storing nothing', async () => {
    const start = (await store.stats()).journal;
    const fork = await append('london', {
      previous: JOURNAL_GENESIS,
      envelope: entry('london', JOURNAL_GENESIS),
    });
    expect(fork.status).toBe(409);
    expect(((await fork.json()) as { error: { code: string } }).error.code).toBe('stale-head');
    const unknown = toBase64Url(new Uint8Array(32).fill(3));
    expect(
      (await append('london', { previous: unknown, envelope: entry('london', unknown) })).status,
    ).toBe(409);
    expect((await store.stats()).journal).toBe(start);
  });

  it('lets one of two racing appends on the same head win', async () => {
    const answers = await Promise.all(
      [0, 1, 2].map(() =>
        append('north-east', {
          previous: JOURNAL_GENESIS,
          envelope: entry('north-east', JOURNAL_GENESIS),
        }),
      ),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409]);
  });

  it('refuses bad shapes, other schemes, suspended schemes and unsigned calls', async () => {
    const start = (await store.stats()).journal;
    const good = entry('london', JOURNAL_GENESIS);
    const bad: unknown[] = [
      { previous: 'nope', envelope: good },
      { previous: JOURNAL_GENESIS, envelope: { ...good, box: 'AAAA' } },
      { previous: JOURNAL_GENESIS, envelope: { ...good, v: 2 } },
      { previous: JOURNAL_GENESIS, envelope: good, staff: STAFF },
      { envelope: good },
      [],
    ];
    for (const body of bad) expect((await append('london', body)).status).toBe(400);
    const body = { previous: JOURNAL_GENESIS, envelope: good };
    expect((await append('london', body, 'north-east')).status).toBe(403);
    expect((await read('london', 0, 'north-east')).status).toBe(403);
    expect((await append('east', body)).status).toBe(403);
    const unsigned = await fetch(`${relay.url}/v1/schemes/london/journal`);
    expect(unsigned.status).toBe(401);
    const huge = await append('london', { previous: JOURNAL_GENESIS, box: 'A'.repeat(60_000) });
    expect(huge.status).toBe(413);
    expect((await read('london', -1)).status).toBe(400);
    expect((await store.stats()).journal).toBe(start);
  });

  it('stops a scheme at its cap', async () => {
    const scheme = 'london';
    const [last] = (await store.listJournal(scheme, 0, 500)).slice(-1);
    const envelope = entry(scheme, last!.link);
    const record = { previous: last!.link, link: journalLink(last!.link, envelope), envelope };
    expect(await store.appendJournal(scheme, record, Date.now(), 2)).toEqual({ status: 'full' });
    expect((await store.appendJournal(scheme, record, Date.now(), 100)).status).toBe('appended');
  });
});
