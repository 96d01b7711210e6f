import type { Identifier, IdentifierKind } from '../domain/codes.js';
import { fitsPattern } from '../identifiers/partial-identifiers.js';
import { splitHandle } from '../identifiers/normalize-handle.js';
import type { IndexedAlert } from './holders.js';

/**
 * The check index in a form IndexedDB stores and reads back in one go: a few long strings and
 * typed arrays, which the structured clone copies almost like bytes, instead of 100,000 alert
 * objects to rebuild maps from. Nothing is decoded on load; a look-up binary-searches the packed
 * strings. It answers exactly like the in-memory index (shared/alert-index.ts), which a test
 * checks query by query.
 *
 * Layout: the alerts' ids, issue and expiry times by ordinal; then three sorted key
 * lists, each key with the ordinals of the alerts holding it:
 * - exact: "kind value" for every identifier (a kind's keys are one range, so a prefix pattern
 *   or "every partial-phone" is one range too);
 * - reversed: "kind eulav" for phone numbers and plates (a suffix pattern is a range);
 * - names: a handle's name without its platform.
 * It holds only identifiers the alert store already holds, and goes when they go.
 */

/** What the stored index keeps of an alert: enough to find it, order and expire it. */
export type AlertStub = IndexedAlert & { expiresAt: number };

/** A match: the alert's id, when it was issued and when it expires. */
export interface IndexHit {
  id: string;
  issuedAt: number;
  expiresAt: number;
}

/** Strings packed into one: string i is `text.slice(ends[i - 1] ?? 0, ends[i])`. */
interface PackedStrings {
  text: string;
  ends: Uint32Array;
}

/** Sorted keys; key i is held by `ordinals[starts[i] .. starts[i + 1])`. */
interface Postings {
  keys: PackedStrings;
  starts: Uint32Array;
  ordinals: Uint32Array;
}

/** The stored form (one IndexedDB record). */
export interface CompactIndex {
  format: 1;
  ids: PackedStrings;
  issuedAt: Float64Array;
  expiresAt: Float64Array;
  exact: Postings;
  reversed: Postings;
  names: Postings;
  /** Of everything above: a record damaged on disk or by a bug is found before it answers. */
  checksum: number;
}

const FULL_OF: Partial<Record<IdentifierKind, 'phone' | 'plate'>> = {
  'partial-phone': 'phone',
  'partial-plate': 'plate',
};
const PARTIAL_OF: Partial<Record<IdentifierKind, IdentifierKind>> = {
  phone: 'partial-phone',
  plate: 'partial-plate',
};

const reverse = (text: string) => [...text].reverse().join('');

function pack(strings: readonly string[]): PackedStrings {
  const ends = new Uint32Array(strings.length);
  let at = 0;
  strings.forEach((text, i) => (ends[i] = at += text.length));
  return { text: strings.join(''), ends };
}

const unpack = (packed: PackedStrings, i: number) =>
  packed.text.slice(i === 0 ? 0 : (packed.ends[i - 1] as number), packed.ends[i]);

function postingsOf(entries: Map<string, number[]>): Postings {
  const keys = [...entries.keys()].sort();
  const starts = new Uint32Array(keys.length + 1);
  const ordinals: number[] = [];
  keys.forEach((key, i) => {
    ordinals.push(...(entries.get(key) as number[]));
    starts[i + 1] = ordinals.length;
  });
  return { keys: pack(keys), starts, ordinals: Uint32Array.from(ordinals) };
}

/** Builds the compact index of `stubs` (alerts, or what a stored index kept of them). */
export function buildCompactIndex(stubs: Iterable<AlertStub>): CompactIndex {
  // Ordinals in id order, so whether the index holds an alert is a binary search.
  const list = [...stubs].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const exact = new Map<string, number[]>();
  const reversed = new Map<string, number[]>();
  const names = new Map<string, number[]>();
  const add = (entries: Map<string, number[]>, key: string, ordinal: number) => {
    const held = entries.get(key);
    if (!held) entries.set(key, [ordinal]);
    else if (held.at(-1) !== ordinal) held.push(ordinal);
  };
  list.forEach((stub, ordinal) => {
    for (const { kind, value } of stub.identifiers) {
      add(exact, `${kind} ${value}`, ordinal);
      if (kind === 'phone' || kind === 'plate') add(reversed, `${kind} ${reverse(value)}`, ordinal);
      if (kind === 'handle') add(names, splitHandle(value).name, ordinal);
    }
  });
  const index: Omit<CompactIndex, 'checksum'> = {
    format: 1,
    ids: pack(list.map((stub) => stub.id)),
    issuedAt: Float64Array.from(list, (stub) => stub.issuedAt),
    expiresAt: Float64Array.from(list, (stub) => stub.expiresAt),
    exact: postingsOf(exact),
    reversed: postingsOf(reversed),
    names: postingsOf(names),
  };
  return { ...index, checksum: checksumOf(index) };
}

/** Every alert the index holds, as stubs (to fold changes into a new index). */
export function stubsOf(index: CompactIndex): AlertStub[] {
  const stubs: AlertStub[] = Array.from(index.issuedAt, (issuedAt, i) => ({
    id: unpack(index.ids, i),
    // Not kept: only the changes record compares revisions, and it holds the alerts' own.
    revision: 0,
    issuedAt,
    expiresAt: index.expiresAt[i] as number,
    identifiers: [],
  }));
  const { keys, starts, ordinals } = index.exact;
  for (let k = 0; k < keys.ends.length; k++) {
    const key = unpack(keys, k);
    const space = key.indexOf(' ');
    const identifier = { kind: key.slice(0, space), value: key.slice(space + 1) } as Identifier;
    for (let at = starts[k] as number; at < (starts[k + 1] as number); at++) {
      (stubs[ordinals[at] as number] as AlertStub).identifiers.push(identifier);
    }
  }
  return stubs;
}

/** True when the index holds the alert `alertId`. */
export function compactHolds(index: CompactIndex, alertId: string): boolean {
  const at = lowerBound(index.ids, alertId);
  return at < index.ids.ends.length && unpack(index.ids, at) === alertId;
}

/** Number of alerts held. */
export const compactSize = (index: CompactIndex) => index.issuedAt.length;

/** FNV-1a over the packed strings and the bytes of every array. */
function checksumOf(index: Omit<CompactIndex, 'checksum'>): number {
  let hash = 0x811c9dc5;
  const mix = (word: number) => (hash = Math.imul(hash ^ word, 0x01000193));
  const text = (packed: PackedStrings) => {
    for (let i = 0; i < packed.text.length; i++) mix(packed.text.charCodeAt(i));
    words(packed.ends);
  };
  const words = (array: Uint32Array | Float64Array) => {
    const view = new Uint32Array(array.buffer, array.byteOffset, array.byteLength / 4);
    for (let i = 0; i < view.length; i++) mix(view[i] as number);
  };
  text(index.ids);
  [index.issuedAt, index.expiresAt].forEach(words);
  for (const postings of [index.exact, index.reversed, index.names]) {
    text(postings.keys);
    words(postings.starts);
    words(postings.ordinals);
  }
  return hash >>> 0;
}

/**
 * True when `value` has the compact index's shape: every part there, lengths that agree, every
 * ordinal in range (cheap; a look-up can then not fail). Whether its contents are undamaged is
 * `checksumMatches`.
 */
export function hasCompactShape(value: unknown): value is CompactIndex {
  const index = value as Partial<CompactIndex> | null;
  if (typeof index !== 'object' || index === null || index.format !== 1) return false;
  const packedOk = (packed: PackedStrings | undefined): packed is PackedStrings =>
    typeof packed?.text === 'string' &&
    packed.ends instanceof Uint32Array &&
    (packed.ends.length === 0
      ? packed.text.length === 0
      : packed.ends.at(-1) === packed.text.length);
  if (!packedOk(index.ids) || typeof index.checksum !== 'number') return false;
  const n = index.ids.ends.length;
  const arraysOk =
    index.issuedAt instanceof Float64Array &&
    index.issuedAt.length === n &&
    index.expiresAt instanceof Float64Array &&
    index.expiresAt.length === n;
  const postingsOk = (postings: Postings | undefined) =>
    postings !== undefined &&
    packedOk(postings.keys) &&
    postings.starts instanceof Uint32Array &&
    postings.ordinals instanceof Uint32Array &&
    postings.starts.length === postings.keys.ends.length + 1 &&
    postings.starts.at(-1) === postings.ordinals.length &&
    postings.ordinals.every((ordinal) => ordinal < n);
  return arraysOk && [index.exact, index.reversed, index.names].every(postingsOk);
}

/** True when the contents are as written (tens of ms at 100,000 alerts: run off the first answer). */
export const checksumMatches = (index: CompactIndex) => checksumOf(index) === index.checksum;

/** True when `value` is a whole, undamaged compact index (anything else is rebuilt). */
export const isCompactIndex = (value: unknown): value is CompactIndex =>
  hasCompactShape(value) && checksumMatches(value);

/** Binary search: the first key >= `key`. */
function lowerBound(keys: PackedStrings, key: string): number {
  let low = 0;
  let high = keys.ends.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (unpack(keys, middle) < key) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The ordinals of alerts matching `identifier`, with the same rules as the in-memory index. */
export function compactLookup(index: CompactIndex, identifier: Identifier): Set<number> {
  const found = new Set<number>();
  const take = (postings: Postings, k: number) => {
    for (let at = postings.starts[k] as number; at < (postings.starts[k + 1] as number); at++) {
      found.add(postings.ordinals[at] as number);
    }
  };
  const exactly = (postings: Postings, key: string) => {
    const k = lowerBound(postings.keys, key);
    if (k < postings.keys.ends.length && unpack(postings.keys, k) === key) take(postings, k);
  };
  /** Every key starting with `prefix` whose rest `fits`. */
  const range = (postings: Postings, prefix: string, fits: (rest: string) => boolean) => {
    for (let k = lowerBound(postings.keys, prefix); k < postings.keys.ends.length; k++) {
      const key = unpack(postings.keys, k);
      if (!key.startsWith(prefix)) break;
      if (fits(key.slice(prefix.length))) take(postings, k);
    }
  };

  const { kind, value } = identifier;
  exactly(index.exact, `${kind} ${value}`);

  const full = FULL_OF[kind];
  if (full) {
    const open = value.startsWith('*');
    const close = value.endsWith('*') && value.length > 1;
    const body = value.slice(open ? 1 : 0, close ? -1 : undefined);
    const fits = (candidate: string) => fitsPattern(value, candidate);
    if (open && !close) {
      // A suffix: the known characters after the last "?" start the reversed value.
      const known = reverse(body.slice(body.lastIndexOf('?') + 1));
      range(index.reversed, `${full} ${known}`, (rest) => fits(reverse(known + rest)));
    } else if (open) {
      range(index.exact, `${full} `, fits);
    } else {
      const known = body.slice(0, body.search(/\?|$/));
      range(index.exact, `${full} ${known}`, (rest) => fits(known + rest));
    }
    return found;
  }

  const partialKind = PARTIAL_OF[kind];
  if (partialKind) range(index.exact, `${partialKind} `, (pattern) => fitsPattern(pattern, value));
  if (kind === 'handle') {
    const { platform, name } = splitHandle(value);
    // A handle without a platform matches that name anywhere; with one, also where none was named.
    if (platform === null) exactly(index.names, name);
    else if (!name.includes(':')) exactly(index.exact, `handle ${name}`);
  }
  return found;
}

/** The hit for an ordinal. */
export function compactHit(index: CompactIndex, ordinal: number): IndexHit {
  return {
    id: unpack(index.ids, ordinal),
    issuedAt: index.issuedAt[ordinal] as number,
    expiresAt: index.expiresAt[ordinal] as number,
  };
}
