import { join } from 'node:path';
import { fromBase64UrlExact } from '../../shared/encoding/bytes.js';
import type { AlertMessage } from '../../shared/domain/alert.js';
import { sealAlert } from '../../shared/protocol/alert-envelope.js';
import { currentMembersKey, type SchemeSecrets } from '../../shared/protocol/keys.js';
import { unlockStaffVault } from '../../shared/protocol/staff-vault.js';
import { createRelayClient } from '../../shared/relay-client.js';
import { addScheme, initNetwork, openStore } from '../../server/operator/index.js';
import { startRelay, type RunningRelay } from '../../server/relay.js';

/**
 * A network of one scheme (north-east) on a relay of its own (SQLite in `work`, 127.0.0.1), made
 * by the operator's own steps, with the scheme's staff secrets unlocked: what the extension's
 * end-to-end tests join, publish to and retract from.
 */
export interface SchemeNetwork {
  /** The network's root key, as the extension is built with it. */
  rootPublicKey: string;
  relay: RunningRelay;
  secrets: SchemeSecrets;
  /** Seals, signs and publishes an alert, correction or retraction as the scheme. */
  publish(message: AlertMessage): Promise<void>;
  close(): Promise<void>;
}

/** Starts the network; `name` is the network's own. */
export async function startSchemeNetwork(work: string, name: string): Promise<SchemeNetwork> {
  const network = await initNetwork(work, name);
  const store = await openStore({ sqlitePath: join(work, 'relay.sqlite') });
  const handover = await addScheme(
    work,
    store,
    { id: 'north-east', name: 'North East Ugly Mugs', regions: ['north-east'] },
    { kdfCost: { logN: 10, r: 8, p: 1 } },
  );
  const relay = await startRelay({
    rootPublicKey: fromBase64UrlExact(network.rootPublicKey, 32)!,
    store,
  });
  const client = createRelayClient(relay.url);
  const unlocked = await unlockStaffVault(
    (await client.staffVaults('north-east')).vaults[0],
    handover.passphrase,
  );
  if (!unlocked.ok) throw new Error('the test scheme did not unlock');
  const { secrets } = unlocked;
  return {
    rootPublicKey: network.rootPublicKey,
    relay,
    secrets,
    async publish(message) {
      await client.publishAlert(
        secrets,
        sealAlert(message, secrets.signing.secretKey, currentMembersKey(secrets.members)),
      );
    },
    async close() {
      await relay.close();
      await store.close();
    },
  };
}
