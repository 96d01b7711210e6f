import { constants } from 'node:fs';
import { mkdir, open, readFile, stat } from 'node:fs/promises';
import { createMatchingKey } from '../../shared/protocol/matching-token.js';
import { join } from 'node:path';
import nacl from 'tweetnacl';
import { fromBase64UrlExact, toBase64Url } from '../../shared/encoding/bytes.js';
import type { KeyPair, MembersKey } from '../../shared/protocol/keys.js';

/**
 * The operator's files under `<dataDir>/network/`:
 * - `root.key` (0600): the network root's Ed25519 seed, base64url. Whoever holds it can sign a
 *   directory every client trusts: keep it on the operator's machine only (docs/deploy.md).
 * - `members.key` (0600): the members' alert keys by epoch, JSON. New schemes share them.
 * - `matching.key` (0600): the network's blind matching key (32 bytes, base64url). Every scheme's
 *   staff vault carries it so their tokens compare; it never goes to the relay unwrapped.
 * - `network.json`: the network name and root public key (public; clients pin the key).
 */

/** The network's public facts. */
export interface NetworkInfo {
  name: string;
  /** Root public key, base64url: the value every client pins. */
  rootPublicKey: string;
}

/** Paths of the operator's files. */
export function networkPaths(dataDir: string) {
  const dir = join(dataDir, 'network');
  return {
    dir,
    rootKey: join(dir, 'root.key'),
    membersKey: join(dir, 'members.key'),
    matchingKey: join(dir, 'matching.key'),
    network: join(dir, 'network.json'),
  };
}

/** Writes a new file with `mode`, refusing to overwrite one that exists. */
export async function writeNewFile(path: string, text: string, mode: number): Promise<void> {
  const file = await open(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, mode);
  try {
    await file.writeFile(text);
    await file.sync();
  } finally {
    await file.close();
  }
}

/** Creates the network directory (0700). */
export async function makeNetworkDir(dataDir: string): Promise<void> {
  await mkdir(networkPaths(dataDir).dir, { recursive: true, mode: 0o700 });
}

/** Reads a secret file, refusing one that others could read (it may already have leaked). */
async function readSecretFile(path: string): Promise<string> {
  const info = await stat(path);
  if ((info.mode & 0o077) !== 0) {
    throw new Error(
      `A key file is readable by other users (${path}). Run "chmod 600" on it, and consider ` +
        'whether the key must be replaced.',
    );
  }
  return (await readFile(path, 'utf8')).trim();
}

/** Loads the root signing key pair. */
export async function readRootKey(dataDir: string): Promise<KeyPair> {
  const seed = fromBase64UrlExact(await readSecretFile(networkPaths(dataDir).rootKey), 32);
  if (!seed) throw new Error('The root key file is damaged: restore it from your backup.');
  return nacl.sign.keyPair.fromSeed(seed);
}

/** Encodes a root key seed for root.key. */
export function rootKeyText(pair: KeyPair): string {
  return toBase64Url(pair.secretKey.subarray(0, 32)) + '\n';
}

/** Loads the members' alert keys. */
export async function readMembersKeys(dataDir: string): Promise<MembersKey[]> {
  const json = JSON.parse(await readSecretFile(networkPaths(dataDir).membersKey)) as {
    members?: { epoch: number; key: string }[];
  };
  const members = (json.members ?? []).map((m) => ({
    epoch: m.epoch,
    key: fromBase64UrlExact(m.key, 32),
  }));
  if (members.length === 0 || members.some((m) => !m.key || !Number.isSafeInteger(m.epoch))) {
    throw new Error('The members key file is damaged: restore it from your backup.');
  }
  return members as MembersKey[];
}

/** Encodes members' keys for members.key. */
export function membersKeyText(members: readonly MembersKey[]): string {
  const list = members.map((m) => ({ epoch: m.epoch, key: toBase64Url(m.key) }));
  return JSON.stringify({ v: 1, members: list }, null, 2) + '\n';
}

/**
 * Loads the network matching key, creating it (0600) first when this network has none: networks
 * set up before blind matching existed get one the next time a scheme is added or re-keyed.
 */
export async function readOrCreateMatchingKey(dataDir: string): Promise<Uint8Array> {
  const path = networkPaths(dataDir).matchingKey;
  try {
    await writeNewFile(path, toBase64Url(createMatchingKey()) + '\n', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const key = fromBase64UrlExact(await readSecretFile(path), 32);
  if (!key) throw new Error('The matching key file is damaged: restore it from your backup.');
  return key;
}
