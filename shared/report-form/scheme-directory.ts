import { findScheme, verifyDirectory, type Directory } from '../protocol/directory.js';
import { fromBase64UrlExact } from '../encoding/bytes.js';
import type { RelayClient } from '../relay-client.js';

/**
 * The scheme a report goes to, read from the network's signed directory and checked against the
 * pinned root key (DESIGN.md invariant 2). The last verified directory is cached (it is public
 * and signed; it is re-verified on every read) so a reporter who loaded the form once can seal a
 * report even when the connection drops before they press send. A directory older than the
 * newest one seen is refused (rollback).
 */

/** Why the scheme's keys are not available. */
export type SchemeProblem = 'offline' | 'unverified' | 'unknown-scheme' | 'suspended';

/** The scheme's keys, or why they are not available. */
export type SchemeKeys =
  | { ok: true; name: string; boxKey: Uint8Array; directory: Directory }
  | { ok: false; problem: SchemeProblem };

/** Minimal key-value storage (localStorage, or a Map in tests). */
export interface DirectoryCacheStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** Options for createSchemeDirectory. */
export interface SchemeDirectoryOptions {
  relay: Pick<RelayClient, 'directory'>;
  /** The network root public key, 32 bytes. */
  rootKey: Uint8Array;
  scheme: string;
  /** Where the last verified directory is kept; none means no cache. */
  cache?: DirectoryCacheStorage | null;
  /** Clock (tests). */
  now?: () => number;
}

/** The scheme directory as the report form uses it. */
export interface SchemeDirectory {
  /**
   * The scheme's keys: from the relay when reachable, else from the verified cache. With
   * `maxAgeMs`, a directory this reader fetched and verified that recently is used without
   * asking the relay again (sending must not wait on a slow network before the report is safe).
   */
  keys(options?: { maxAgeMs?: number }): Promise<SchemeKeys>;
  /** The signing key of any scheme in the last verified directory (for opening replies). */
  signingKeyOf(scheme: string): Uint8Array | undefined;
  /** The display name of a scheme in the last verified directory. */
  schemeName(scheme: string): string | undefined;
}

const CACHE_KEY = 'umn:directory';

/** Creates the directory reader. Throws if the root key is not 32 bytes (misuse). */
export function createSchemeDirectory(options: SchemeDirectoryOptions): SchemeDirectory {
  if (options.rootKey.length !== 32)
    throw new TypeError('createSchemeDirectory: root key must be 32 bytes');
  let latest: Directory | undefined;
  let fetchedAt = -Infinity;
  const now = options.now ?? Date.now;

  async function fromCache(): Promise<Directory | undefined> {
    let text: string | null = null;
    try {
      text = options.cache?.getItem(CACHE_KEY) ?? null;
    } catch {
      return undefined; // Storage blocked (private mode, sandboxed frame): no cache.
    }
    if (!text) return undefined;
    try {
      const check = await verifyDirectory(JSON.parse(text), options.rootKey);
      return check.ok ? check.directory : undefined;
    } catch {
      return undefined;
    }
  }

  async function keys({ maxAgeMs = 0 } = {}): Promise<SchemeKeys> {
    if (latest && now() - fetchedAt <= maxAgeMs) return schemeKeys(latest);
    const cached = await fromCache();
    let fresh: Directory | undefined;
    let refused = false;
    try {
      const signed = await options.relay.directory();
      const check = await verifyDirectory(signed, options.rootKey, cached?.version ?? 0);
      if (check.ok) {
        fresh = check.directory;
        fetchedAt = now();
        try {
          options.cache?.setItem(CACHE_KEY, JSON.stringify(signed));
        } catch {
          // Storage full or blocked: work without the cache.
        }
      } else refused = true;
    } catch {
      // Offline or relay trouble: fall back to the verified cache below.
    }

    const directory = fresh ?? cached;
    if (!directory) return { ok: false, problem: refused ? 'unverified' : 'offline' };
    latest = directory;
    return schemeKeys(directory);
  }

  function schemeKeys(directory: Directory): SchemeKeys {
    const scheme = findScheme(directory, options.scheme);
    if (!scheme) return { ok: false, problem: 'unknown-scheme' };
    if (scheme.status !== 'active') return { ok: false, problem: 'suspended' };
    const boxKey = fromBase64UrlExact(scheme.boxKey, 32);
    if (!boxKey) return { ok: false, problem: 'unverified' };
    return { ok: true, name: scheme.name, boxKey, directory };
  }

  function signingKeyOf(scheme: string): Uint8Array | undefined {
    const found = latest && findScheme(latest, scheme);
    return found ? (fromBase64UrlExact(found.signingKey, 32) ?? undefined) : undefined;
  }

  function schemeName(scheme: string): string | undefined {
    return latest && findScheme(latest, scheme)?.name;
  }

  return { keys, signingKeyOf, schemeName };
}
