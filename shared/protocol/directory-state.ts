import { canonicalJson } from '../encoding/canonical-json.js';
import { requireBytes } from '../encoding/bytes.js';
import { hasExactKeys, isInt } from '../encoding/shape.js';
import {
  verifyDirectory,
  type Directory,
  type DirectoryRejection,
  type SignedDirectory,
} from './directory.js';

/**
 * What a client remembers about the directory between runs: the newest signed directory it has
 * accepted. Versions only go up: a relay that serves an older directory (to bring back a
 * suspended scheme, or an old key) is refused, and so is a second, different directory under the
 * version already held, which only a misbehaving root could sign.
 *
 * Suspension (docs/protocol.md, "Suspension"): from the moment a client holds a directory in
 * which a scheme is suspended or gone, openAlert refuses every envelope of that scheme, whatever
 * date it claims (a suspended scheme's key may be in other hands and can backdate). Alerts the
 * client verified and stored while the scheme was active stay readable; `suspended` in the update
 * tells the alert store which schemes to mark.
 */
export interface DirectoryState {
  v: 1;
  /** The signed directory as served, kept so it can be re-verified after loading. */
  signed: SignedDirectory;
}

/** Why a served directory did not replace the one held. */
export type DirectoryStateRejection = DirectoryRejection | 'conflict';

/** The outcome of offering a served directory to the state. */
export type DirectoryUpdate =
  | {
      ok: true;
      state: DirectoryState;
      /** False when the served directory is the one already held. */
      changed: boolean;
      /** Schemes active in the previous directory that are now suspended or gone. */
      suspended: string[];
    }
  | { ok: false; reason: DirectoryStateRejection };

/**
 * Checks a served directory against the pinned root key and the state held (null on first run),
 * and returns the state to store. The caller stores `state` only when `changed`.
 */
export async function updateDirectoryState(
  previous: DirectoryState | null,
  served: unknown,
  rootPublicKey: Uint8Array,
): Promise<DirectoryUpdate> {
  requireBytes(rootPublicKey, 32, 'updateDirectoryState: root public key');
  const held = previous?.signed.directory;
  const check = await verifyDirectory(served, rootPublicKey, held?.version ?? 0);
  if (!check.ok) return check;

  const signed = served as SignedDirectory;
  if (held && check.directory.version === held.version) {
    if (canonicalJson(check.directory) !== canonicalJson(held)) {
      return { ok: false, reason: 'conflict' };
    }
    return { ok: true, state: previous!, changed: false, suspended: [] };
  }

  const suspended = held
    ? held.schemes
        .filter((s) => s.status === 'active' && !isActiveScheme(check.directory, s.id))
        .map((s) => s.id)
    : [];
  const state: DirectoryState = {
    v: 1,
    signed: { directory: check.directory, signature: signed.signature },
  };
  return { ok: true, state, changed: true, suspended };
}

/**
 * Re-verifies a stored state (from IndexedDB or extension storage) against the pinned root key.
 * Null when it is malformed or does not verify: the caller then starts from the relay's copy,
 * and `minimumVersion` (kept apart from the state, e.g. in a second store) still refuses rollback.
 */
export async function loadDirectoryState(
  stored: unknown,
  rootPublicKey: Uint8Array,
  minimumVersion = 0,
): Promise<DirectoryState | null> {
  requireBytes(rootPublicKey, 32, 'loadDirectoryState: root public key');
  if (!hasExactKeys(stored, ['v', 'signed']) || stored.v !== 1) return null;
  if (!isInt(minimumVersion)) throw new TypeError('loadDirectoryState: bad minimum version');
  const check = await verifyDirectory(stored.signed, rootPublicKey, minimumVersion);
  return check.ok ? (stored as unknown as DirectoryState) : null;
}

/** The version of the directory held (0 before the first one). */
export function directoryVersion(state: DirectoryState | null): number {
  return state?.signed.directory.version ?? 0;
}

/** True when the directory lists `scheme` as active: only then are its new alerts accepted. */
export function isActiveScheme(directory: Directory, scheme: string): boolean {
  return directory.schemes.some((s) => s.id === scheme && s.status === 'active');
}

/** How old a directory may be before clients say their view of the network may be out of date. */
export const DIRECTORY_MAX_AGE = 30 * 86_400_000;

/**
 * True when the directory held was issued more than `maxAge` ago. The relay can withhold a newer
 * directory (and with it a suspension) but cannot forge a fresh one, so a client that sees only
 * stale directories tells the worker that alerts may be out of date. The operator re-signs the
 * directory at least this often, even when nothing changed.
 */
export function isDirectoryStale(
  state: DirectoryState | null,
  now = Date.now(),
  maxAge = DIRECTORY_MAX_AGE,
): boolean {
  if (!isInt(now) || !isInt(maxAge)) throw new TypeError('isDirectoryStale: bad time');
  return !state || now - state.signed.directory.issuedAt > maxAge;
}
