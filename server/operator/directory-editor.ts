import {
  signDirectory,
  verifyDirectory,
  type Directory,
  type DirectoryScheme,
  type SignedDirectory,
} from '../../shared/protocol/directory.js';
import type { RelayStore } from '../store/relay-store.js';
import { readRootKey } from './network-files.js';

/**
 * Changes the directory the one safe way: read the latest stored version, verify it against our
 * own root key (a tampered database is refused, not re-signed), apply `edit`, sign version + 1
 * and store it. Two operators editing at once cannot both win: the store refuses a version that
 * is not higher than the stored one, and the loser is told to run again.
 */
export async function editDirectory(
  dataDir: string,
  store: RelayStore,
  network: string,
  edit: (schemes: DirectoryScheme[]) => DirectoryScheme[],
): Promise<SignedDirectory> {
  const root = await readRootKey(dataDir);
  try {
    const current = await currentDirectory(store, root.publicKey);
    const next: Directory = {
      v: 1,
      network,
      version: (current?.version ?? 0) + 1,
      issuedAt: Date.now(),
      schemes: edit(current ? structuredClone(current.schemes) : []),
    };
    const signed = signDirectory(next, root.secretKey);
    if (!(await store.putDirectory(signed))) {
      throw new Error('The directory changed while this ran (another operator?). Run it again.');
    }
    return signed;
  } finally {
    root.secretKey.fill(0);
  }
}

/** The latest stored directory, verified against the root public key; null when none. */
export async function currentDirectory(
  store: RelayStore,
  rootPublicKey: Uint8Array,
): Promise<Directory | null> {
  const stored = await store.latestDirectory();
  if (!stored) return null;
  const check = await verifyDirectory(stored, rootPublicKey);
  if (!check.ok) {
    throw new Error(
      `The stored directory does not verify against this network's root key ` +
        `(${check.reason}). Is this the right database and data directory?`,
    );
  }
  return check.directory;
}
