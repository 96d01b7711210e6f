import nacl from 'tweetnacl';
import { canonicalJson, parseJson } from '../encoding/canonical-json.js';
import {
  fromBase64UrlExact,
  fromUtf8,
  requireBytes,
  toBase64Url,
  utf8,
  wipe,
} from '../encoding/bytes.js';
import { hasExactKeys, isInt, isListOf, isSchemeId } from '../encoding/shape.js';
import { randomBytes } from '../crypto/random.js';
import { labelledHash } from '../crypto/hash.js';
import { createCode, type Code } from './code.js';
import type { MembersKey } from './keys.js';

/**
 * Member invites. Staff create a single-use code and give it to a vetted worker in person or by
 * phone. The relay stores, under an id derived from the code, the members' keys encrypted with a
 * key derived from the code; redeeming returns that blob once and deletes it. The relay never
 * sees the code, so it cannot open the blob. Codes carry 90 bits: no slow KDF is needed.
 */

/** What a redeemed invite gives the worker. */
export interface InviteGrant {
  v: 1;
  scheme: string;
  expiresAt: number;
  members: MembersKey[];
}

/** What staff send to the relay to create an invite. */
export interface InviteRecord {
  id: string;
  scheme: string;
  expiresAt: number;
  nonce: string;
  box: string;
}

/** The relay id of an invite: a hash of the code that does not reveal it. */
export function inviteId(code: Code): string {
  if (typeof code?.data !== 'string') throw new TypeError('inviteId: code must be a parsed Code');
  return toBase64Url(labelledHash('invite-id', utf8(code.data), 16));
}

/** Creates an invite code and the record to store on the relay. */
export function createInvite(
  scheme: string,
  members: readonly MembersKey[],
  expiresAt: number,
): { code: Code; record: InviteRecord } {
  if (!isSchemeId(scheme) || !isInt(expiresAt)) {
    throw new TypeError('createInvite: bad scheme id or expiry');
  }
  for (const m of members) {
    requireBytes(m?.key, 32, 'createInvite: members key');
    if (!isInt(m.epoch)) throw new TypeError('createInvite: bad members epoch');
  }
  const code = createCode();
  const key = labelledHash('invite-key', utf8(code.data), 32);
  const grant = {
    v: 1,
    scheme,
    expiresAt,
    members: members.map((m) => ({ epoch: m.epoch, key: toBase64Url(m.key) })),
  };
  const plaintext = utf8(canonicalJson(grant));
  const nonce = randomBytes(24);
  const box = nacl.secretbox(plaintext, nonce, key);
  wipe(key, plaintext);

  return {
    code,
    record: {
      id: inviteId(code),
      scheme,
      expiresAt,
      nonce: toBase64Url(nonce),
      box: toBase64Url(box),
    },
  };
}

/** Opens a redeemed invite with the code the worker typed; null if it does not open or expired. */
export function openInvite(
  code: Code,
  redeemed: { nonce: string; box: string },
  now = Date.now(),
): InviteGrant | null {
  if (typeof code?.data !== 'string') throw new TypeError('openInvite: code must be a parsed Code');
  if (typeof redeemed !== 'object' || redeemed === null) return null;
  const nonce = fromBase64UrlExact(redeemed.nonce, 24);
  const box =
    typeof redeemed.box === 'string'
      ? fromBase64UrlExact(redeemed.box, (redeemed.box.length * 3) >> 2)
      : null;
  if (!nonce || !box) return null;

  const key = labelledHash('invite-key', utf8(code.data), 32);
  const opened = nacl.secretbox.open(box, nonce, key);
  wipe(key);
  const text = opened && fromUtf8(opened);
  wipe(opened ?? undefined);
  const grant = typeof text === 'string' ? parseJson(text) : null;
  if (!hasExactKeys(grant, ['v', 'scheme', 'expiresAt', 'members'])) return null;
  if (grant.v !== 1 || !isSchemeId(grant.scheme) || !isInt(grant.expiresAt)) return null;
  if (grant.expiresAt < now) return null;

  const members: MembersKey[] = [];
  const listed = isListOf(
    grant.members,
    100,
    (m): m is { epoch: number; key: string } =>
      hasExactKeys(m, ['epoch', 'key']) && isInt(m.epoch) && fromBase64UrlExact(m.key, 32) !== null,
  );
  if (!listed) return null;
  for (const m of grant.members as { epoch: number; key: string }[])
    members.push({ epoch: m.epoch, key: fromBase64UrlExact(m.key, 32)! });
  return { v: 1, scheme: grant.scheme, expiresAt: grant.expiresAt, members };
}
