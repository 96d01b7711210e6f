/**
 * `npm start`: the whole network on this computer, on embedded defaults.
 *
 * - the relay on an SQLite file under ./data (no database server to install);
 * - on first run, a demo network: root key, a north-east and a London scheme with their keys,
 *   a signed directory, one staff passphrase per scheme and one worker invite code, printed
 *   once (they are not stored anywhere; later runs reuse the network). The invite's enrolment
 *   key goes into the scheme's staff journal as the staff page would put it, so staff can
 *   check the demo worker's device and include it in rotations;
 * - a demo scheme website with the report widget embedded by its real snippet;
 * - the extension, built for this network, with how to load it.
 *
 * Ctrl-C stops everything cleanly.
 */
// The staff journal keeps its queue in IndexedDB (as in the staff page); here, in memory only:
// the entry goes straight to the relay and nothing needs to outlive this run.
import 'fake-indexeddb/auto';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { fromBase64UrlExact } from '../shared/encoding/bytes.js';
import { unlockStaffVault } from '../shared/protocol/staff-vault.js';
import { createRelayClient } from '../shared/relay-client.js';
import { inviteKeyEntry } from '../shared/staff/invite-keys.js';
import { createMemberInvite } from '../shared/staff/member-invites.js';
import { openStaffDb } from '../shared/staff/staff-db.js';
import { createStaffJournal } from '../shared/staff/staff-journal.js';
import { addScheme, initNetwork, loadNetwork, openStore } from '../server/operator/index.js';
import { startRelay } from '../server/relay.js';
import { startSite } from '../demo/site-server.js';

const DATA_DIR = resolve(process.env.UMN_DATA_DIR ?? 'data');
const RELAY_PORT = Number(process.env.RELAY_PORT ?? 8787);
const SITE_PORT = Number(process.env.SITE_PORT ?? 8080);
const INVITE_DAYS = 14;

const DEMO_SCHEMES = [
  { id: 'north-east', name: 'North East Ugly Mugs', regions: ['north-east', 'tyne-and-wear'] },
  { id: 'london', name: 'London Ugly Mugs', regions: ['london'] },
];

function build(label: string, command: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  console.log(`Building ${label}…`);
  // The bundlers' own chatter (chunking notes) is shown only when a build fails.
  const result = spawnSync(command, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    process.stderr.write(`${result.stdout}${result.stderr}`);
    throw new Error(`Building ${label} failed (see the lines above).`);
  }
}

async function main(): Promise<void> {
  const firstRun = (await loadNetwork(DATA_DIR)) === null;
  const network = await initNetwork(DATA_DIR, 'Ugly Mugs demo network');
  const rootPublicKey = fromBase64UrlExact(network.rootPublicKey, 32)!;
  const store = await openStore({ sqlitePath: resolve(DATA_DIR, 'relay.sqlite') });

  const handovers = new Map<string, string>();
  if (firstRun) {
    for (const scheme of DEMO_SCHEMES) {
      const { passphrase } = await addScheme(DATA_DIR, store, scheme);
      handovers.set(scheme.id, passphrase);
    }
  }

  const relay = await startRelay({ rootPublicKey, store, port: RELAY_PORT });
  const relayUrl = relay.url;

  let inviteCode: string | undefined;
  if (firstRun) inviteCode = await createDemoInvite(relayUrl, handovers.get('north-east')!);

  build('the report widget', 'npm', ['run', '--silent', 'build:widget']);
  build('the extension (Chrome)', 'npx', ['wxt', 'build'], {
    WXT_RELAY_URL: relayUrl,
    WXT_ROOT_KEY: network.rootPublicKey,
  });

  const site = await startSite({
    port: SITE_PORT,
    relayUrl,
    rootKey: network.rootPublicKey,
    scheme: 'north-east',
    widgetDir: resolve('dist/widget'),
  });

  printSummary({ relayUrl, siteUrl: site.url, firstRun, handovers, inviteCode });

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping…');
    await site.close();
    await relay.close();
    await store.close();
    console.log('Stopped. Your network is kept in ./data; `npm start` brings it back.');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

/**
 * Unlocks the north-east staff vault just created and makes one worker invite as the staff
 * page's Invites tab does: its enrolment key goes into the scheme's staff journal (signed as the
 * staff member of that vault), so every staff device can check the demo worker's device and a
 * rotation includes it instead of cutting it off (docs/staff.md "Workers' devices").
 */
async function createDemoInvite(relayUrl: string, passphrase: string): Promise<string> {
  const relay = createRelayClient(relayUrl);
  const { vaults } = await relay.staffVaults('north-east');
  const vault = vaults[0]!;
  const unlocked = await unlockStaffVault(vault, passphrase);
  if (!unlocked.ok) throw new Error('Could not unlock the demo scheme to make an invite.');

  const { secrets, staffSeed } = unlocked;
  const createdAt = Date.now();
  const invite = await createMemberInvite(relay, secrets, { days: INVITE_DAYS, now: createdAt });
  const db = await openStaffDb('umn-start-demo-invite');
  const journal = createStaffJournal(db, relay, {
    scheme: secrets.scheme,
    staff: vault.staff,
    secrets,
    staffSeed,
  });
  await journal.append(inviteKeyEntry({ ...invite, createdAt }));
  const sync = await journal.append({ type: 'audit', action: 'create-invite', subject: invite.id });
  db.close();
  if (!sync.ok || sync.pending > 0) {
    throw new Error("Could not put the demo invite's key in the staff journal on the relay.");
  }
  return invite.code;
}

function printSummary(facts: {
  relayUrl: string;
  siteUrl: string;
  firstRun: boolean;
  handovers: Map<string, string>;
  inviteCode: string | undefined;
}): void {
  const line = '─'.repeat(72);
  console.log(`\n${line}\nThe Ugly Mugs demo network is running.\n${line}`);
  console.log(`Relay:              ${facts.relayUrl}`);
  console.log(`Demo scheme site:   ${facts.siteUrl}/   (report form with the widget)`);
  console.log(`Page to try flags:  ${facts.siteUrl}/ad-page.html`);
  console.log(`Extension (Chrome): ${resolve('.output/chrome-mv3')}`);
  console.log('  Load it: open chrome://extensions, switch on "Developer mode",');
  console.log('  click "Load unpacked" and choose the folder above.');

  if (facts.firstRun) {
    console.log(`\nShown once, not stored anywhere. Write them down now:`);
    for (const [scheme, passphrase] of facts.handovers) {
      console.log(`  Staff passphrase, ${scheme.padEnd(11)} ${passphrase}`);
    }
    console.log(`  Worker invite code (north-east, single use): ${facts.inviteCode}`);
    console.log('\n  Staff: in the popup, "I am scheme staff", then unlock with the passphrase.');
    console.log('  Workers: open the popup and join with the invite code.');
  } else {
    console.log('\nThe passphrases and invite code were printed when this network was created.');
    console.log('To start over with a new demo network: stop, delete ./data, run npm start.');
  }
  console.log(`${line}\nCtrl-C stops everything.`);
}

main().catch((error: unknown) => {
  if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    console.error(
      `A port is already in use (relay ${RELAY_PORT}, site ${SITE_PORT}): is npm start already ` +
        'running? Stop it, or choose others: RELAY_PORT=8788 SITE_PORT=8081 npm start',
    );
  } else {
    console.error(error instanceof Error ? error.message : 'The network could not start.');
  }
  process.exit(1);
});
