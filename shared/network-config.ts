import { fromBase64UrlExact } from './encoding/bytes.js';

/**
 * Which network the extension belongs to: the relay's address and the network operator's pinned
 * root public key. A scheme's build bakes both in (`WXT_RELAY_URL`, `WXT_ROOT_KEY` at build
 * time) so a worker never has to type a key; a build without them asks once, in onboarding, and
 * keeps the answer in extension storage. The root key is what every directory, alert and reply is
 * ultimately checked against: it is never taken from the relay itself.
 */

/** A network the extension can sync with. */
export interface NetworkConfig {
  /** Relay base URL without a trailing slash, e.g. `https://relay.example.org`. */
  relayUrl: string;
  /** The pinned Ed25519 root public key (32 bytes). */
  rootKey: Uint8Array;
  /** The same key as typed or built in (unpadded base64url), for storage. */
  rootKeyText: string;
  /** True when the network was fixed at build time (onboarding then skips the question). */
  builtIn: boolean;
}

/** Why a typed network address or key was refused. */
export type NetworkConfigProblem = 'bad-url' | 'insecure-url' | 'bad-key';

/**
 * Reads a relay address and root key as typed. Plain http is accepted only for this computer
 * (localhost, 127.0.0.1), where a scheme tests its own relay; anything else must be https so a
 * network on the way cannot watch which alerts are fetched.
 */
export function parseNetworkConfig(
  relayUrl: string,
  rootKey: string,
  builtIn = false,
): { ok: true; config: NetworkConfig } | { ok: false; problem: NetworkConfigProblem } {
  let url: URL;
  try {
    url = new URL(relayUrl.trim());
  } catch {
    return { ok: false, problem: 'bad-url' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return { ok: false, problem: 'bad-url' };
  if (url.username || url.password || url.search || url.hash)
    return { ok: false, problem: 'bad-url' };
  const local = url.hostname === 'localhost' || url.hostname === '127.0.0.1';
  if (url.protocol === 'http:' && !local) return { ok: false, problem: 'insecure-url' };

  const keyText = rootKey.trim();
  const key = fromBase64UrlExact(keyText, 32);
  if (!key) return { ok: false, problem: 'bad-key' };

  const base = `${url.origin}${url.pathname}`.replace(/\/+$/, '');
  return { ok: true, config: { relayUrl: base, rootKey: key, rootKeyText: keyText, builtIn } };
}

/**
 * The network baked into this build, or null when the build left it to onboarding. A build with
 * a malformed value fails closed (null) rather than trusting something half-read.
 */
export function builtInNetwork(
  env: { WXT_RELAY_URL?: string; WXT_ROOT_KEY?: string } = readBuildEnv(),
): NetworkConfig | null {
  if (!env.WXT_RELAY_URL || !env.WXT_ROOT_KEY) return null;
  const parsed = parseNetworkConfig(env.WXT_RELAY_URL, env.WXT_ROOT_KEY, true);
  return parsed.ok ? parsed.config : null;
}

/** What is kept in storage for a network chosen during onboarding. */
export interface StoredNetwork {
  relayUrl: string;
  rootKey: string;
}

/**
 * The network to use: the built-in one when there is one (a stored choice can never override
 * it), otherwise the one stored during onboarding, otherwise null (onboarding must ask).
 */
export function resolveNetwork(
  stored: StoredNetwork | undefined,
  builtIn: NetworkConfig | null = builtInNetwork(),
): NetworkConfig | null {
  if (builtIn) return builtIn;
  if (!stored) return null;
  const parsed = parseNetworkConfig(stored.relayUrl, stored.rootKey);
  return parsed.ok ? parsed.config : null;
}

function readBuildEnv(): { WXT_RELAY_URL?: string; WXT_ROOT_KEY?: string } {
  // Vite replaces these two expressions at build time; under plain Node (bench, tools)
  // import.meta.env does not exist and there is no built-in network.
  try {
    return {
      WXT_RELAY_URL: import.meta.env.WXT_RELAY_URL as string | undefined,
      WXT_ROOT_KEY: import.meta.env.WXT_ROOT_KEY as string | undefined,
    };
  } catch {
    return {};
  }
}
