import nacl from 'tweetnacl';
import { vi } from 'vitest';
import { toBase64Url } from '../../../shared/encoding/bytes.js';
import { emptyReport, type ReportContent } from '../../../shared/domain/report.js';
import type { AlertContent, RetractionContent } from '../../../shared/domain/alert.js';
import type {
  Directory,
  DirectoryScheme,
  KeyPair,
  MembersKey,
  SchemeSecrets,
} from '../../../shared/protocol/index.js';

/**
 * Fixed keys and messages for protocol tests. Every identifier is fictional (Ofcom drama range,
 * example.com), as the safety rules require.
 */

/** 32 bytes all equal to `byte`: a fixed seed that is obviously not a real key. */
export function seed(byte: number): Uint8Array {
  return new Uint8Array(32).fill(byte);
}

/** A scheme's fixed secrets, derived from one seed byte. */
export function fixedScheme(
  id: string,
  byte: number,
  members: MembersKey[],
  matchingKey?: Uint8Array,
): SchemeSecrets {
  const secrets: SchemeSecrets = {
    scheme: id,
    box: nacl.box.keyPair.fromSecretKey(seed(byte)),
    signing: nacl.sign.keyPair.fromSeed(seed(byte + 1)),
    members,
  };
  if (matchingKey) secrets.matchingKey = matchingKey;
  return secrets;
}

export const root: KeyPair = nacl.sign.keyPair.fromSeed(seed(1));
export const membersKey: MembersKey = { epoch: 1, key: seed(4) };
export const matchingKey = seed(5);
export const north = fixedScheme('north-east', 10, [membersKey], matchingKey);
export const london = fixedScheme('london', 20, [membersKey], matchingKey);

/** The directory entry of a scheme. */
export function entry(secrets: SchemeSecrets, status: DirectoryScheme['status'] = 'active') {
  return {
    id: secrets.scheme,
    name: `${secrets.scheme} Ugly Mugs`,
    regions: [secrets.scheme],
    boxKey: toBase64Url(secrets.box.publicKey),
    signingKey: toBase64Url(secrets.signing.publicKey),
    status,
  };
}

export const directory: Directory = {
  v: 1,
  network: 'Test network',
  version: 3,
  issuedAt: 1_764_000_000_000,
  schemes: [entry(north), entry(london)],
};

/** A fixed id: 16 bytes of `byte` as base64url. */
export function fixedId(byte: number): string {
  return toBase64Url(new Uint8Array(16).fill(byte));
}

export const DAY = 86_400_000;
export const NOW = 1_764_000_000_000;

export const alert: AlertContent = {
  v: 1,
  kind: 'alert',
  id: fixedId(7),
  scheme: 'north-east',
  revision: 1,
  issuedAt: NOW,
  expiresAt: NOW + 90 * DAY,
  regions: ['north-east'],
  area: 'Newcastle city centre',
  incidentDate: '2026-11-30',
  severity: 'high',
  incidentTypes: ['robbery', 'threats'],
  setting: 'outcall',
  identifiers: [
    { kind: 'phone', value: '+447700900123' },
    { kind: 'email', value: 'client@example.com' },
  ],
  advice: ['do-not-book', 'work-with-buddy'],
  description: 'Took money back by force after the booking.',
};

export const retraction: RetractionContent = {
  v: 1,
  kind: 'retraction',
  id: fixedId(8),
  scheme: 'north-east',
  alertId: fixedId(7),
  issuedAt: NOW + DAY,
};

export const report: ReportContent = {
  ...emptyReport(fixedId(9), 'north-east', 'en'),
  createdAt: NOW,
  incidentTypes: ['non-payment'],
  when: { date: '2026-11-29', timeOfDay: 'evening' },
  where: { area: 'Gateshead', setting: 'incall' },
  who: {
    phones: ['07700 900456'],
    emails: ['punter@example.org'],
    handles: [],
    vehicle: { make: 'Estate car', colour: 'grey', plate: 'ZZ99 FAK' },
    nameUsed: 'Dave',
    description: 'Tall, beard.',
  },
  narrative: 'He refused to pay and shouted at me.',
  consent: {
    workerAlert: true,
    otherSchemes: true,
    policeIntelligence: false,
    policeIdentified: false,
    reply: true,
  },
};

/**
 * Replaces the platform's random source with a fixed stream (SHA-512 in counter mode over a seed)
 * until the returned restore function runs, so sealed messages come out byte-identical.
 */
export function fixRandom(seedByte: number): () => void {
  let counter = 0;
  let pool: Uint8Array = new Uint8Array(0);
  const spy = vi.spyOn(globalThis.crypto, 'getRandomValues').mockImplementation(((
    array: Uint8Array,
  ) => {
    const out = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
    let filled = 0;
    while (filled < out.length) {
      if (pool.length === 0) {
        const block = new Uint8Array(33);
        block.fill(seedByte, 0, 32);
        block[32] = counter++ & 0xff;
        pool = nacl.hash(block);
      }
      const take = Math.min(pool.length, out.length - filled);
      out.set(pool.subarray(0, take), filled);
      pool = pool.subarray(take);
      filled += take;
    }
    return array;
  }) as typeof crypto.getRandomValues);
  return () => spy.mockRestore();
}

/**
 * Calls `check` with every single-bit variant of `text` (one bit flipped in each byte in turn)
 * that still parses as JSON, and returns the positions `check` accepted. A variant that no longer
 * parses is refused by the transport, so it counts as rejected.
 */
export async function acceptedFlips(
  text: string,
  check: (value: unknown) => Promise<boolean> | boolean,
): Promise<number[]> {
  const bytes = new TextEncoder().encode(text);
  const accepted: number[] = [];
  for (let i = 0; i < bytes.length; i++) {
    const flipped = bytes.slice();
    flipped[i]! ^= 0x01;
    let value: unknown;
    try {
      value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(flipped));
    } catch {
      continue;
    }
    if (await check(value)) accepted.push(i);
  }
  return accepted;
}
