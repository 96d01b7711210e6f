import nacl from 'tweetnacl';
import { toBase64Url } from '../encoding/bytes.js';

/**
 * The engines that can check an Ed25519 signature, fastest first:
 * - `node`: node:crypto (OpenSSL) on libuv's thread pool, reached through
 *   process.getBuiltinModule so that browser bundles never import it. Node's WebCrypto wraps the
 *   same OpenSSL call in ~50 µs of JavaScript per call, which alone would eat half of a 10,000
 *   alert sync's second; the relay and Node tools use this one;
 * - `webcrypto`: the platform's SubtleCrypto (Chromium 137+, Firefox 129+), off the main thread;
 * - `tweetnacl`: pure JavaScript, ~100 verifications a second; only where neither exists.
 *
 * These run no policy: signing.ts refuses non-canonical signatures and small-order keys before
 * any engine is asked, so every engine gives the same answer.
 */
export type VerifyEngine = 'node' | 'webcrypto' | 'tweetnacl';

/** Checks a signature with one engine. Callers have already checked lengths and canonicity. */
export function verifyWithEngine(
  engine: VerifyEngine,
  message: Uint8Array,
  signature: Uint8Array,
  publicKey: Uint8Array,
): Promise<boolean> {
  if (engine === 'tweetnacl') {
    return Promise.resolve(nacl.sign.detached.verify(message, signature, publicKey));
  }
  if (engine === 'node') return verifyWithNode(message, signature, publicKey);
  return verifyWithWebCrypto(message, signature, publicKey);
}

let detected: Promise<VerifyEngine> | undefined;

/**
 * The fastest engine that passes a known-answer check (RFC 8032 test 1, and a tampered copy that
 * must fail), decided once per process. Deciding from a known vector rather than from the first
 * key we are shown means no crafted key can push a client onto the slow engine.
 */
export function detectEngine(): Promise<VerifyEngine> {
  detected ??= (async () => {
    for (const engine of ['node', 'webcrypto'] as const) {
      if (await passesProbe(engine)) return engine;
    }
    return 'tweetnacl';
  })();
  return detected;
}

// RFC 8032 section 7.1, TEST 1: empty message.
const PROBE_KEY = '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo';
const PROBE_SIGNATURE =
  '5VZDAMNgrHKQhuLMgG6CioSHfx645dl02HPgZSJJAVVfuIIVkKM7rMYeOXAc-bRr0lv18FlbviRlUUFDjnoQCw';

async function passesProbe(engine: VerifyEngine): Promise<boolean> {
  try {
    const key = decodeProbe(PROBE_KEY);
    const signature = decodeProbe(PROBE_SIGNATURE);
    const good = await verifyWithEngine(engine, new Uint8Array(), signature, key);
    signature[0]! ^= 1;
    const bad = await verifyWithEngine(engine, new Uint8Array(), signature, key);
    return good && !bad;
  } catch {
    return false;
  }
}

function decodeProbe(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

// Keys are cached per engine: a sync verifies thousands of alerts under a handful of scheme keys.
const KEY_CACHE_LIMIT = 1000;
const webCryptoKeys = new Map<string, Promise<CryptoKey | null>>();
const nodeKeys = new Map<string, unknown>();

async function verifyWithWebCrypto(
  message: Uint8Array,
  signature: Uint8Array,
  publicKey: Uint8Array,
): Promise<boolean> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) throw new Error('WebCrypto is not available');
  const id = toBase64Url(publicKey);
  let key = webCryptoKeys.get(id);
  if (!key) {
    key = subtle
      .importKey('raw', new Uint8Array(publicKey), { name: 'Ed25519' }, false, ['verify'])
      .catch(() => null);
    if (webCryptoKeys.size >= KEY_CACHE_LIMIT) webCryptoKeys.clear();
    webCryptoKeys.set(id, key);
  }
  const imported = await key;
  if (!imported) return false;
  try {
    return await subtle.verify(
      { name: 'Ed25519' },
      imported,
      new Uint8Array(signature),
      new Uint8Array(message),
    );
  } catch {
    return false;
  }
}

/** The parts of node:crypto we use, typed here so browser builds need no Node types. */
interface NodeCrypto {
  createPublicKey(input: { key: { kty: string; crv: string; x: string }; format: 'jwk' }): unknown;
  verify(
    algorithm: null,
    data: Uint8Array,
    key: unknown,
    signature: Uint8Array,
    callback: (error: Error | null, ok: boolean) => void,
  ): void;
}

function nodeCrypto(): NodeCrypto {
  const host = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const module = host?.getBuiltinModule?.('node:crypto') as NodeCrypto | undefined;
  if (!module) throw new Error('node:crypto is not available');
  return module;
}

function verifyWithNode(
  message: Uint8Array,
  signature: Uint8Array,
  publicKey: Uint8Array,
): Promise<boolean> {
  const crypto = nodeCrypto();
  const x = toBase64Url(publicKey);
  let key = nodeKeys.get(x);
  if (key === undefined) {
    try {
      key = crypto.createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' });
    } catch {
      key = null;
    }
    if (nodeKeys.size >= KEY_CACHE_LIMIT) nodeKeys.clear();
    nodeKeys.set(x, key);
  }
  if (key === null) return Promise.resolve(false);
  return new Promise((resolve) => {
    try {
      crypto.verify(null, message, key, signature, (error, ok) => resolve(!error && ok));
    } catch {
      resolve(false);
    }
  });
}
