import { afterEach, describe, expect, it, vi } from 'vitest';
import { randomBytes } from '../../../shared/crypto/random.js';
import {
  createCode,
  createInvite,
  createMembersKey,
  createReceipt,
  createSigningKeyPair,
  sealReport,
} from '../../../shared/protocol/index.js';
import { north, report } from './fixtures.js';

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe('secure random source', () => {
  it('returns fresh bytes of the length asked, in chunks WebCrypto accepts', () => {
    const a = randomBytes(32);
    const b = randomBytes(32);
    expect(a).toHaveLength(32);
    expect(a).not.toEqual(b);
    expect(randomBytes(200_000)).toHaveLength(200_000);
    expect(randomBytes(0)).toHaveLength(0);
  });

  it('throws when there is no secure random source, and never falls back', () => {
    vi.stubGlobal('crypto', undefined);
    const math = vi.spyOn(Math, 'random');
    expect(() => randomBytes(32)).toThrow(/No secure random source/);
    expect(() => createSigningKeyPair()).toThrow(/No secure random source/);
    expect(() => createMembersKey(1)).toThrow(/No secure random source/);
    expect(() => createCode()).toThrow(/No secure random source/);
    expect(() => createReceipt()).toThrow(/No secure random source/);
    expect(() => createInvite('north-east', [], 1)).toThrow(/No secure random source/);
    expect(() => sealReport(report, north.box.publicKey)).toThrow(/No secure random source/);
    expect(math).not.toHaveBeenCalled();
  });

  it('throws when getRandomValues is missing or itself throws', () => {
    vi.stubGlobal('crypto', {});
    expect(() => randomBytes(16)).toThrow(/No secure random source/);
    vi.stubGlobal('crypto', {
      getRandomValues: () => {
        throw new Error('QuotaExceededError');
      },
    });
    expect(() => randomBytes(16)).toThrow(/No secure random source/);
  });

  it('throws when the source hands back only zeros', () => {
    vi.spyOn(globalThis.crypto, 'getRandomValues').mockImplementation((a) => a);
    expect(() => randomBytes(32)).toThrow(/only zeros/);
  });

  it('throws on a bad length before asking the source', () => {
    const source = vi.spyOn(globalThis.crypto, 'getRandomValues');
    for (const bad of [-1, 1.5, Number.NaN, 2 ** 21]) {
      expect(() => randomBytes(bad)).toThrow(RangeError);
    }
    expect(source).not.toHaveBeenCalled();
  });
});
