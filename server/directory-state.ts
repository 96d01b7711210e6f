import { fromBase64UrlExact } from '../shared/encoding/bytes.js';
import { verifyDirectory, type SignedDirectory } from '../shared/protocol/directory.js';
import { recipientId } from '../shared/protocol/key-grant.js';
import type { EventLog } from './event-log.js';
import type { RelayStore } from './store/relay-store.js';

/** What the relay knows about one scheme, from the verified directory. */
export interface KnownScheme {
  signingKey: Uint8Array;
  status: 'active' | 'suspended';
}

/**
 * The relay's view of the scheme directory. The operator writes new versions into the store
 * (possibly from another process: the CLI beside a running relay), so the relay re-reads the
 * version number before each signed request and reloads when it changed. A stored directory that
 * does not verify against the pinned root, or goes back in version, is refused and the last good
 * one is kept: a tampered database cannot hand the relay a scheme key the root never signed.
 */
export class DirectoryState {
  readonly #store: RelayStore;
  readonly #root: Uint8Array;
  readonly #log: EventLog;
  #signed: SignedDirectory | null = null;
  #schemes = new Map<string, KnownScheme>();
  #schemeRecipients = new Set<string>();
  #version = 0;
  #checkedAt = 0;
  #refusedVersion = 0;

  constructor(store: RelayStore, rootPublicKey: Uint8Array, log: EventLog) {
    if (rootPublicKey.length !== 32) {
      throw new TypeError('DirectoryState: the root public key must be 32 bytes');
    }
    this.#store = store;
    this.#root = rootPublicKey;
    this.#log = log;
  }

  /** The signed directory as stored, or null when the network has none yet. */
  get signed(): SignedDirectory | null {
    return this.#signed;
  }

  /** A scheme from the current directory, or undefined. */
  scheme(id: string): KnownScheme | undefined {
    return this.#schemes.get(id);
  }

  /**
   * True when `recipient` is the key-grant recipient id of a listed scheme's box key: grants to
   * a scheme are read by all its staff, so no single fetch may delete them.
   */
  isSchemeRecipient(recipient: string): boolean {
    return this.#schemeRecipients.has(recipient);
  }

  /** Reloads when the stored version changed (one cheap query). */
  async refresh(): Promise<void> {
    const stored = await this.#store.directoryVersion();
    this.#checkedAt = Date.now();
    if (stored === this.#version || stored === this.#refusedVersion) return;

    const signed = await this.#store.latestDirectory();
    const check = await verifyDirectory(signed, this.#root, this.#version);
    if (!check.ok) {
      this.#refusedVersion = stored;
      this.#log.event('error', 'directory-refused', { reason: check.reason });
      return;
    }
    this.#signed = signed;
    this.#version = check.directory.version;
    this.#schemes = new Map(
      check.directory.schemes.map((s) => [
        s.id,
        { signingKey: fromBase64UrlExact(s.signingKey, 32)!, status: s.status },
      ]),
    );
    this.#schemeRecipients = new Set(
      check.directory.schemes.map((s) => recipientId(fromBase64UrlExact(s.boxKey, 32)!)),
    );
    this.#log.event('info', 'directory-loaded', {
      version: this.#version,
      schemes: this.#schemes.size,
    });
  }

  /** Refreshes at most once per `maxAgeMs`: for the anonymous hot path (report submission). */
  async refreshIfOlderThan(maxAgeMs: number): Promise<void> {
    if (Date.now() - this.#checkedAt >= maxAgeMs) await this.refresh();
  }
}
