import { readFile } from 'node:fs/promises';
import nacl from 'tweetnacl';
import { fromBase64UrlExact, toBase64Url } from '../../shared/encoding/bytes.js';
import { isSchemeId } from '../../shared/encoding/shape.js';
import { randomBytes } from '../../shared/crypto/random.js';
import type { DirectoryScheme, SignedDirectory } from '../../shared/protocol/directory.js';
import { createMembersKey, createSchemeSecrets } from '../../shared/protocol/keys.js';
import { createStaffVault, DEFAULT_KDF } from '../../shared/protocol/staff-vault.js';
import type { RelayStore, StoreStats } from '../store/relay-store.js';
import { currentDirectory, editDirectory } from './directory-editor.js';
import {
  makeNetworkDir,
  membersKeyText,
  networkPaths,
  readMembersKeys,
  readOrCreateMatchingKey,
  rootKeyText,
  writeNewFile,
  type NetworkInfo,
} from './network-files.js';
import { generatePassphrase } from './passphrase.js';

export type { NetworkInfo } from './network-files.js';
export { openStore } from '../store/open-store.js';
export { generatePassphrase } from './passphrase.js';

/** Scrypt cost of a staff vault (tests pass a cheap one; production uses DEFAULT_KDF). */
export type KdfCost = { logN: number; r: number; p: number };

/** A scheme as the operator adds it. */
export interface NewScheme {
  id: string;
  name: string;
  regions: string[];
}

/** What a new or re-keyed scheme's staff need: shown once, never written to disk. */
export interface StaffHandover {
  /** The staff vault's passphrase (7 words). Hand it over in person; it is not stored. */
  passphrase: string;
  /** The vault's random id (no name on the relay). */
  staff: string;
}

/**
 * Creates data/network/{root.key (0600), members.key (0600), matching.key (0600), network.json}
 * if absent, and
 * returns the network's public facts. Running it again changes nothing and returns the same.
 */
export async function initNetwork(dataDir: string, name: string): Promise<NetworkInfo> {
  const existing = await loadNetwork(dataDir);
  if (existing) return existing;
  if (typeof name !== 'string' || name.trim().length < 1 || name.length > 100) {
    throw new RangeError('initNetwork: the network name must be 1 to 100 characters');
  }

  await makeNetworkDir(dataDir);
  const paths = networkPaths(dataDir);
  const root = nacl.sign.keyPair.fromSeed(randomBytes(32));
  const info: NetworkInfo = { name: name.trim(), rootPublicKey: toBase64Url(root.publicKey) };
  await writeNewFile(paths.rootKey, rootKeyText(root), 0o600);
  root.secretKey.fill(0);
  await writeNewFile(paths.membersKey, membersKeyText([createMembersKey(1)]), 0o600);
  (await readOrCreateMatchingKey(dataDir)).fill(0);
  await writeNewFile(paths.network, JSON.stringify({ v: 1, ...info }, null, 2) + '\n', 0o644);
  return info;
}

/** The network's public facts, or null when `initNetwork` has not run in `dataDir`. */
export async function loadNetwork(dataDir: string): Promise<NetworkInfo | null> {
  let text: string;
  try {
    text = await readFile(networkPaths(dataDir).network, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const json = JSON.parse(text) as Partial<NetworkInfo>;
  if (typeof json.name !== 'string' || !fromBase64UrlExact(json.rootPublicKey, 32)) {
    throw new Error('network.json is damaged: restore it from your backup.');
  }
  return { name: json.name, rootPublicKey: json.rootPublicKey! };
}

/**
 * Adds a scheme: fresh box and signing keys sharing the network members' keys, a staff vault
 * wrapped with a generated passphrase and stored on the relay, then a re-signed directory that
 * lists the scheme. Returns the passphrase once; the scheme's private keys never touch the disk.
 */
export async function addScheme(
  dataDir: string,
  store: RelayStore,
  scheme: NewScheme,
  options: { kdfCost?: KdfCost } = {},
): Promise<StaffHandover> {
  checkNewScheme(scheme);
  const network = await requireNetwork(dataDir);
  const existing = await currentDirectory(store, fromBase64UrlExact(network.rootPublicKey, 32)!);
  if (existing?.schemes.some((s) => s.id === scheme.id)) {
    throw new Error('A scheme with this id is already in the directory.');
  }

  const handover = await storeNewVault(dataDir, store, scheme.id, options.kdfCost, false);
  await editDirectory(dataDir, store, network.name, (schemes) => [
    ...schemes,
    {
      id: scheme.id,
      name: scheme.name,
      regions: [...scheme.regions],
      boxKey: handover.boxKey,
      signingKey: handover.signingKey,
      status: 'active',
    },
  ]);
  return { passphrase: handover.passphrase, staff: handover.staff };
}

/** Suspends a scheme: clients and the relay refuse its new alerts and signed requests. */
export async function suspendScheme(
  dataDir: string,
  store: RelayStore,
  id: string,
): Promise<SignedDirectory> {
  return setStatus(dataDir, store, id, 'suspended');
}

/** Lifts a suspension. */
export async function resumeScheme(
  dataDir: string,
  store: RelayStore,
  id: string,
): Promise<SignedDirectory> {
  return setStatus(dataDir, store, id, 'active');
}

/**
 * Gives a scheme new box and signing keys (after a lost laptop or a staff member leaving): the
 * scheme's vaults on the relay are replaced by one new vault with a new passphrase, and the
 * directory lists the new public keys. Reports still sealed to the old box key can then only be
 * read by someone holding an old vault backup: staff should fetch waiting reports first.
 */
export async function rekeyScheme(
  dataDir: string,
  store: RelayStore,
  id: string,
  options: { kdfCost?: KdfCost } = {},
): Promise<StaffHandover> {
  const network = await requireNetwork(dataDir);
  const directory = await currentDirectory(store, fromBase64UrlExact(network.rootPublicKey, 32)!);
  if (!directory?.schemes.some((s) => s.id === id)) {
    throw new Error('No scheme with this id is in the directory.');
  }

  const handover = await storeNewVault(dataDir, store, id, options.kdfCost, true);
  await editDirectory(dataDir, store, network.name, (schemes) =>
    schemes.map((s) =>
      s.id === id ? { ...s, boxKey: handover.boxKey, signingKey: handover.signingKey } : s,
    ),
  );
  return { passphrase: handover.passphrase, staff: handover.staff };
}

/** Signs the current directory again as a new version (e.g. after restoring a backup). */
export async function resignDirectory(
  dataDir: string,
  store: RelayStore,
): Promise<SignedDirectory> {
  const network = await requireNetwork(dataDir);
  return editDirectory(dataDir, store, network.name, (schemes) => schemes);
}

/** The verified current directory, or null when no scheme was added yet. */
export async function showDirectory(dataDir: string, store: RelayStore) {
  const network = await requireNetwork(dataDir);
  return currentDirectory(store, fromBase64UrlExact(network.rootPublicKey, 32)!);
}

/** Counts for the operator: rows per table and schemes by status. Never any content. */
export async function stats(
  dataDir: string,
  store: RelayStore,
): Promise<StoreStats & { schemesActive: number; schemesSuspended: number }> {
  const directory = await showDirectory(dataDir, store);
  const schemes = directory?.schemes ?? [];
  return {
    ...(await store.stats()),
    schemesActive: schemes.filter((s) => s.status === 'active').length,
    schemesSuspended: schemes.filter((s) => s.status === 'suspended').length,
  };
}

async function requireNetwork(dataDir: string): Promise<NetworkInfo> {
  const network = await loadNetwork(dataDir);
  if (!network) throw new Error('No network here yet: run "init" first (or check --data-dir).');
  return network;
}

function checkNewScheme(scheme: NewScheme): void {
  if (!isSchemeId(scheme.id)) {
    throw new RangeError('addScheme: the id must be lowercase letters, digits and dashes');
  }
  if (typeof scheme.name !== 'string' || scheme.name.length < 1 || scheme.name.length > 120) {
    throw new RangeError('addScheme: the name must be 1 to 120 characters');
  }
  const regionsOk =
    Array.isArray(scheme.regions) &&
    scheme.regions.length <= 50 &&
    scheme.regions.every((r) => typeof r === 'string' && r.length >= 1 && r.length <= 60);
  if (!regionsOk) throw new RangeError('addScheme: regions must be up to 50 names of 1-60 chars');
}

// Vault first, directory second: if the directory write fails, an unused vault is harmless;
// the other way round, the directory would list keys nobody holds.
async function storeNewVault(
  dataDir: string,
  store: RelayStore,
  scheme: string,
  kdfCost: KdfCost | undefined,
  replace: boolean,
): Promise<StaffHandover & Pick<DirectoryScheme, 'boxKey' | 'signingKey'>> {
  // Every scheme gets the same network matching key inside its vault, so tokens compare.
  const secrets = createSchemeSecrets(
    scheme,
    await readMembersKeys(dataDir),
    await readOrCreateMatchingKey(dataDir),
  );
  const passphrase = generatePassphrase();
  const staff = toBase64Url(randomBytes(16));
  try {
    const vault = await createStaffVault(secrets, passphrase, staff, kdfCost ?? DEFAULT_KDF);
    if (replace) await store.replaceVaults(scheme, vault);
    else await store.putVault(vault);
    return {
      passphrase,
      staff,
      boxKey: toBase64Url(secrets.box.publicKey),
      signingKey: toBase64Url(secrets.signing.publicKey),
    };
  } finally {
    secrets.box.secretKey.fill(0);
    secrets.signing.secretKey.fill(0);
    secrets.matchingKey?.fill(0);
  }
}

async function setStatus(
  dataDir: string,
  store: RelayStore,
  id: string,
  status: DirectoryScheme['status'],
): Promise<SignedDirectory> {
  const network = await requireNetwork(dataDir);
  const directory = await currentDirectory(store, fromBase64UrlExact(network.rootPublicKey, 32)!);
  if (!directory?.schemes.some((s) => s.id === id)) {
    throw new Error('No scheme with this id is in the directory.');
  }
  return editDirectory(dataDir, store, network.name, (schemes) =>
    schemes.map((s) => (s.id === id ? { ...s, status } : s)),
  );
}
