import nacl from 'tweetnacl';
import { createPublicKey, verify as nodeVerify } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  signValue,
  signedBytes,
  verifyDetached,
  verifyDetachedWith,
  verifyEngine,
  verifyValue,
  type VerifyEngine,
} from '../../../shared/crypto/signing.js';
import { isCanonicalSignature } from '../../../shared/crypto/ed25519-checks.js';
import { seed } from './fixtures.js';

const hex = (text: string) => Uint8Array.from(Buffer.from(text, 'hex'));
const ENGINES: VerifyEngine[] = ['node', 'webcrypto', 'tweetnacl'];

// RFC 8032 section 7.1, tests 1 to 3: secret seed, public key, message, signature.
const RFC8032 = [
  [
    '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60',
    'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a',
    '',
    'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
  ],
  [
    '4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb',
    '3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c',
    '72',
    '92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00',
  ],
  [
    'c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7',
    'fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025',
    'af82',
    '6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a',
  ],
] as const;

/** Verifies with node:crypto (OpenSSL), an implementation independent of tweetnacl. */
function opensslVerify(message: Uint8Array, signature: Uint8Array, publicKey: Uint8Array) {
  const der = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), publicKey]);
  const key = createPublicKey({ key: der, format: 'der', type: 'spki' });
  return nodeVerify(null, message, key, signature);
}

/** Adds the group order L to S: the same signature spelled differently (malleability). */
function addOrderToS(signature: Uint8Array): Uint8Array {
  const order = hex('edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010');
  const out = signature.slice();
  let carry = 0;
  for (let i = 0; i < 32; i++) {
    const sum = out[32 + i]! + order[i]! + carry;
    out[32 + i] = sum & 0xff;
    carry = sum >> 8;
  }
  return out;
}

// Encodings of small-order points (y with sign bit clear): order 1, 4, 2, 8, 8.
const SMALL_ORDER_KEYS = [
  '0100000000000000000000000000000000000000000000000000000000000000',
  '0000000000000000000000000000000000000000000000000000000000000000',
  'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
  '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05',
  'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a',
].map(hex);

// R = the identity point, S = 0: verifies under a small-order key for any message whose hash
// multiple kills the key's torsion, i.e. for one message in (order) on average.
const UNIVERSAL_SIGNATURE = hex('01'.padEnd(128, '0'));

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe('Ed25519 known answers (RFC 8032)', () => {
  it.each(RFC8032)('signs and verifies vector with key %s', async (sk, pk, msg, sig) => {
    const pair = nacl.sign.keyPair.fromSeed(hex(sk));
    expect(Buffer.from(pair.publicKey).toString('hex')).toBe(pk);
    expect(Buffer.from(nacl.sign.detached(hex(msg), pair.secretKey)).toString('hex')).toBe(sig);
    expect(opensslVerify(hex(msg), hex(sig), hex(pk))).toBe(true);
    for (const engine of ENGINES) {
      expect(await verifyDetachedWith(engine, hex(msg), hex(sig), hex(pk))).toBe(true);
    }
  });

  it('signs `umn1:<label>\\n` + canonical JSON, checked by OpenSSL independently', async () => {
    const pair = nacl.sign.keyPair.fromSeed(seed(3));
    const value = { z: 1, a: ['é', true, null], m: { b: 'x', a: -2 } };
    const expectedText = 'umn1:test\n{"a":["é",true,null],"m":{"a":-2,"b":"x"},"z":1}';
    expect(new TextDecoder().decode(signedBytes('test', value))).toBe(expectedText);

    const signature = signValue('test', value, pair.secretKey);
    expect(opensslVerify(Buffer.from(expectedText), signature, pair.publicKey)).toBe(true);
    expect(await verifyValue('test', value, signature, pair.publicKey)).toBe(true);
    expect(await verifyValue('other', value, signature, pair.publicKey)).toBe(false);
  });
});

describe('strict verification, the same in every engine', () => {
  const pair = nacl.sign.keyPair.fromSeed(seed(3));
  const message = new TextEncoder().encode('umn1:alert\n{}');
  const signature = nacl.sign.detached(message, pair.secretKey);

  it('uses node:crypto in Node 20', async () => {
    expect(await verifyEngine()).toBe('node');
  });

  it('refuses a signature with S + L, which raw tweetnacl accepts', async () => {
    const malleated = addOrderToS(signature);
    expect(nacl.sign.detached.verify(message, malleated, pair.publicKey)).toBe(true);
    expect(isCanonicalSignature(malleated)).toBe(false);
    for (const engine of ENGINES) {
      expect(await verifyDetachedWith(engine, message, signature, pair.publicKey)).toBe(true);
      expect(await verifyDetachedWith(engine, message, malleated, pair.publicKey)).toBe(false);
    }
  });

  it.each(SMALL_ORDER_KEYS.map((k, i) => [i, k] as const))(
    'refuses small-order key %i, for which raw tweetnacl accepts a forged signature',
    async (_i, key) => {
      let forged: Uint8Array | undefined;
      for (let n = 0; n < 200 && !forged; n++) {
        const candidate = new TextEncoder().encode(`umn1:directory\n{"version":${n}}`);
        if (nacl.sign.detached.verify(candidate, UNIVERSAL_SIGNATURE, key)) forged = candidate;
      }
      expect(forged).toBeDefined();
      for (const engine of ENGINES) {
        expect(await verifyDetachedWith(engine, forged!, UNIVERSAL_SIGNATURE, key)).toBe(false);
      }
    },
  );

  it('refuses a non-canonical key encoding (y >= p) and a point not on the curve', async () => {
    const nonCanonical = hex('eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f');
    const offCurve = hex('0200000000000000000000000000000000000000000000000000000000000000');
    for (const engine of ENGINES) {
      for (const key of [nonCanonical, offCurve]) {
        expect(await verifyDetachedWith(engine, message, UNIVERSAL_SIGNATURE, key)).toBe(false);
        expect(await verifyDetachedWith(engine, message, signature, key)).toBe(false);
      }
    }
  });

  it('takes Node Buffers (the relay passes them) without changing them', async () => {
    for (let n = 0; n < 16; n++) {
      const other = nacl.sign.keyPair.fromSeed(seed(60 + n));
      const key = Buffer.from(other.publicKey);
      const before = Buffer.from(key);
      const sig = Buffer.from(nacl.sign.detached(message, other.secretKey));
      for (const engine of ENGINES) {
        expect(await verifyDetachedWith(engine, message, sig, key)).toBe(true);
      }
      expect(key.equals(before)).toBe(true);
    }
  });

  it('gives the same answer as OpenSSL and tweetnacl on random tampering', async () => {
    for (let i = 0; i < 64; i++) {
      const bad = signature.slice();
      bad[i]! ^= 1 << (i % 8);
      const expected = opensslVerify(message, bad, pair.publicKey);
      expect(expected).toBe(false);
      for (const engine of ENGINES) {
        expect(await verifyDetachedWith(engine, message, bad, pair.publicKey)).toBe(false);
      }
    }
  });

  it('throws on misuse before any work, returns false for a short signature', async () => {
    await expect(verifyValue('x', {}, signature, pair.secretKey)).rejects.toThrow(TypeError);
    const asText = 'a'.repeat(32) as unknown as Uint8Array;
    await expect(verifyValue('x', {}, signature, asText)).rejects.toThrow(TypeError);
    expect(() => signValue('x', {}, pair.publicKey)).toThrow(TypeError);
    expect(() => signValue('x', { n: 1.5 }, pair.secretKey)).toThrow(TypeError);
    expect(await verifyValue('x', {}, signature.subarray(0, 63), pair.publicKey)).toBe(false);
    expect(await verifyValue('x', { n: 1.5 }, signature, pair.publicKey)).toBe(false);
  });
});

describe('engine choice', () => {
  it('is not pushed onto the slow engine by a bad key seen first', async () => {
    vi.resetModules();
    const fresh = await import('../../../shared/crypto/signing.js');
    const offCurve = hex('0200000000000000000000000000000000000000000000000000000000000000');
    expect(await fresh.verifyDetached(new Uint8Array(), UNIVERSAL_SIGNATURE, offCurve)).toBe(false);
    expect(await fresh.verifyEngine()).toBe('node');
  });

  it('uses WebCrypto where node:crypto is absent (browsers)', async () => {
    vi.resetModules();
    vi.spyOn(process, 'getBuiltinModule').mockReturnValue(undefined as never);
    const fresh = await import('../../../shared/crypto/signing.js');
    expect(await fresh.verifyEngine()).toBe('webcrypto');
  });

  it('falls back to tweetnacl, still strict, where WebCrypto has no Ed25519', async () => {
    vi.resetModules();
    vi.spyOn(process, 'getBuiltinModule').mockReturnValue(undefined as never);
    vi.spyOn(globalThis.crypto.subtle, 'importKey').mockRejectedValue(new Error('NotSupported'));
    const fresh = await import('../../../shared/crypto/signing.js');
    expect(await fresh.verifyEngine()).toBe('tweetnacl');

    const pair = nacl.sign.keyPair.fromSeed(seed(6));
    const message = new TextEncoder().encode('fallback');
    const signature = nacl.sign.detached(message, pair.secretKey);
    expect(await fresh.verifyDetached(message, signature, pair.publicKey)).toBe(true);
    const malleated = addOrderToS(signature);
    expect(await fresh.verifyDetached(message, malleated, pair.publicKey)).toBe(false);
  });

  it('verifies through the shared entry point', async () => {
    const pair = nacl.sign.keyPair.fromSeed(seed(6));
    const message = new TextEncoder().encode('entry');
    const signature = nacl.sign.detached(message, pair.secretKey);
    expect(await verifyDetached(message, signature, pair.publicKey)).toBe(true);
    expect(await verifyDetached(message, signature, SMALL_ORDER_KEYS[0]!)).toBe(false);
  });
});
