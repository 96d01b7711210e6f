import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openAlertStore } from '../../../shared/alert-store.js';
import type { AlertContent } from '../../../shared/domain/alert.js';
import { toBase64Url } from '../../../shared/encoding/bytes.js';
import { randomBytes } from '../../../shared/crypto/random.js';
import { sealAlert, type AlertEnvelope } from '../../../shared/protocol/alert-envelope.js';
import { createInvite } from '../../../shared/protocol/invite.js';
import { createMembersKey } from '../../../shared/protocol/keys.js';
import { RelayError, type RelayClient } from '../../../shared/relay-client.js';
import {
  createMemberState,
  createSyncEngine,
  joinWithInvite,
  type KeyValueArea,
} from '../../../shared/sync/index.js';
import type { NetworkConfig } from '../../../shared/network-config.js';
import { createTestNetwork, nextDirectory } from '../../support/relay-network.js';

/** An in-memory stand-in for browser.storage.local. */
function memoryArea(): KeyValueArea & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  return {
    data,
    get: async (key) => (data.has(key) ? { [key]: structuredClone(data.get(key)) } : {}),
    set: async (items) => {
      for (const [k, v] of Object.entries(items)) data.set(k, structuredClone(v));
    },
    remove: async (key) => void data.delete(key),
  };
}

function alertFor(scheme: string, change: Partial<AlertContent> = {}): AlertContent {
  const now = Date.now();
  return {
    v: 1,
    kind: 'alert',
    id: toBase64Url(randomBytes(16)),
    scheme,
    revision: 1,
    issuedAt: now,
    expiresAt: now + 86_400_000,
    regions: ['Testshire'],
    area: 'Testshire',
    incidentDate: '',
    severity: 'critical',
    incidentTypes: ['robbery'],
    setting: '',
    identifiers: [{ kind: 'phone', value: '+447700900123' }],
    advice: ['do-not-book'],
    description: '',
    ...change,
  };
}

/** A relay with a feed, a directory and invites, answering like docs/api.md says. */
function fakeRelay(network: ReturnType<typeof createTestNetwork>) {
  const feed: { seq: number; envelope: AlertEnvelope }[] = [];
  const invites = new Map<string, { scheme: string; nonce: string; box: string }>();
  let directory = nextDirectory(network);
  let offline = false;
  const calls: string[] = [];
  const relay = {
    directory: async () => {
      calls.push('directory');
      if (offline) throw new RelayError('offline', 0, 'offline');
      return directory;
    },
    alerts: async (after = 0, limit = 500) => {
      calls.push(`alerts:${after}`);
      if (offline) throw new RelayError('offline', 0, 'offline');
      const page = feed.filter((a) => a.seq > after).slice(0, limit);
      return { alerts: page, cursor: page.at(-1)?.seq ?? after };
    },
    redeemInvite: async (id: string) => {
      calls.push('redeem');
      const invite = invites.get(id);
      if (!invite) throw new RelayError('invite-unknown', 404, 'unknown');
      invites.delete(id);
      return invite;
    },
  };
  return {
    relay: relay as unknown as RelayClient,
    calls,
    publish(message: Parameters<typeof sealAlert>[0], scheme = 'north-east') {
      const secrets = network.schemes.get(scheme)!;
      feed.push({
        seq: feed.length + 1,
        envelope: sealAlert(message, secrets.signing.secretKey, network.members[0]!),
      });
    },
    publishEnvelope(envelope: AlertEnvelope) {
      feed.push({ seq: feed.length + 1, envelope });
    },
    addInvite(record: { id: string; scheme: string; nonce: string; box: string }) {
      invites.set(record.id, record);
    },
    redirectory() {
      directory = nextDirectory(network);
    },
    setOffline(value: boolean) {
      offline = value;
    },
  };
}

function setup(schemes = ['north-east']) {
  const network = createTestNetwork(schemes);
  const relay = fakeRelay(network);
  const area = memoryArea();
  const state = createMemberState(area);
  const config: NetworkConfig = {
    relayUrl: 'http://127.0.0.1:9',
    rootKey: network.root.publicKey,
    rootKeyText: toBase64Url(network.root.publicKey),
    builtIn: true,
  };
  return { network, relay, area, state, config };
}

let dbName = 0;

describe('joining with an invite', () => {
  it('catches a typo before spending the invite, then joins with the right code', async () => {
    const { network, relay, state, config } = setup();
    const { code, record } = createInvite('north-east', network.members, Date.now() + 60_000);
    relay.addInvite(record);

    const typo = code.text.slice(0, -1) + (code.text.endsWith('A') ? 'B' : 'A');
    const deps = { relay: relay.relay, state, rootKey: config.rootKey };
    expect(await joinWithInvite(typo, deps)).toEqual({ ok: false, problem: 'typo' });
    expect(relay.calls).not.toContain('redeem');

    const joined = await joinWithInvite(code.text.toLowerCase(), deps);
    expect(joined.ok).toBe(true);
    expect((await state.membership())?.scheme).toBe('north-east');
    expect((await state.settings()).regions).toEqual(['Testshire']);
    expect(await joinWithInvite(code.text, deps)).toEqual({
      ok: false,
      problem: 'invite-unknown',
    });
  });

  it('does not redeem when the relay cannot be reached', async () => {
    const { network, relay, state, config } = setup();
    const { code, record } = createInvite('north-east', network.members, Date.now() + 60_000);
    relay.addInvite(record);
    relay.setOffline(true);
    const result = await joinWithInvite(code.text, {
      relay: relay.relay,
      state,
      rootKey: config.rootKey,
    });
    expect(result).toEqual({ ok: false, problem: 'offline' });
    expect(relay.calls).not.toContain('redeem');
  });
});

describe('sync', () => {
  async function member() {
    const s = setup(['north-east', 'london']);
    await s.state.setMembership({ scheme: 'north-east', joinedAt: 1, members: s.network.members });
    const store = await openAlertStore(`sync-${++dbName}`);
    const pulled: number[] = [];
    const engine = createSyncEngine({
      state: s.state,
      store: async () => store,
      network: async () => s.config,
      relay: () => s.relay.relay,
      onPulled: async (outcome) => void pulled.push(outcome.added.length),
    });
    return { ...s, store, engine, pulled };
  }

  it('pulls verified alerts, resumes from the cursor and applies nothing twice', async () => {
    const { relay, store, engine } = await member();
    relay.publish(alertFor('north-east'));
    relay.publish(alertFor('london'), 'london');

    const first = await engine.sync();
    expect(first.ok && first.outcome.added.length).toBe(2);
    // A first sync (from 0) is how the worker knows not to announce the whole list as new.
    expect(first.ok && first.outcome.from).toBe(0);
    expect(await store.cursor()).toBe(2);

    relay.publish(alertFor('north-east'));
    const second = await engine.sync();
    expect(second.ok && second.outcome.added.length).toBe(1);
    expect(second.ok && second.outcome.from).toBe(2);
    expect(relay.calls.filter((c) => c.startsWith('alerts:'))).toContain('alerts:2');
    expect(await store.count()).toBe(3);
  });

  it('refuses an alert signed by the wrong scheme key and one for an unknown epoch', async () => {
    const { relay, store, engine, network } = await member();
    relay.publish(alertFor('north-east'));
    // London signs content that claims to be north-east's: the inner signature fails.
    const london = network.schemes.get('london')!;
    relay.publishEnvelope(
      sealAlert(alertFor('north-east'), london.signing.secretKey, network.members[0]!),
    );
    const northEast = network.schemes.get('north-east')!;
    relay.publishEnvelope(
      sealAlert(alertFor('north-east'), northEast.signing.secretKey, createMembersKey(7)),
    );

    const result = await engine.sync();
    expect(result.ok && result.outcome.added.length).toBe(1);
    expect(result.ok && result.outcome.rejected).toEqual({
      'bad-signature': 1,
      'unknown-epoch': 1,
    });
    expect(await store.count()).toBe(1);
    expect(await store.cursor()).toBe(3);
  });

  it('reports every change to every caller that joined a running sync', async () => {
    const { relay, engine, pulled } = await member();
    relay.publish(alertFor('north-east'));
    const [a, b] = await Promise.all([engine.sync(), engine.sync()]);
    expect(a.ok && a.outcome.added.length).toBe(1);
    expect(b.ok && b.outcome.added.length).toBe(1);
    expect(pulled.reduce((x, y) => x + y, 0)).toBe(1);
  });

  it('keeps working offline with the last verified directory and says it is offline', async () => {
    const { relay, engine } = await member();
    relay.setOffline(true);
    expect(await engine.sync()).toEqual({ ok: false, skipped: 'offline' });
  });

  it('refuses alerts of a scheme the directory suspended since', async () => {
    const { relay, store, engine, network } = await member();
    await engine.sync();
    network.suspended.add('london');
    relay.redirectory();
    relay.publish(alertFor('london'), 'london');
    const result = await engine.sync();
    expect(result.ok && result.outcome.rejected).toEqual({ 'suspended-scheme': 1 });
    expect(await store.count()).toBe(0);
  });
});
