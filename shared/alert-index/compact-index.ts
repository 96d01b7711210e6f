import { FULL_KIND_OF, PARTIAL_KIND_OF, type Identifier } from '../domain/codes.js';
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

/** Reversed, for suffix look-ups (phone numbers and plates are plain ASCII once normalised). */
function reverse(text: string): string {
  let reversed = '';
  for (let i = text.length - 1; i >= 0; i--) reversed += text[i];
  return reversed;
}

function pack(strings: readonly string[]): PackedStrings {
  const ends = new Uint32Array(strings.length);
  let at = 0;
  strings.forEach((text, i) => (ends[i] = at += text.length));
  return { text: strings.join(''), ends };
}

const unpack = (packed: PackedStrings, i: number) =>
  packed.text.slice(i === 0 ? 0 : (packed.ends[i - 1] as number), packed.ends[i]);

/**
 * Postings of (key, ordinal) pairs: one sort of the pairs, then a walk. (A Map per key costs
 * several times more at 100,000 alerts, and a fold runs inside the sync's transaction.)
 */
function postingsOf(keys: readonly string[], ordinals: readonly number[]): Postings {
  const order = Uint32Array.from(keys, (_, i) => i).sort((a, b) => {
    const ka = keys[a] as string;
    const kb = keys[b] as string;
    return ka < kb ? -1 : ka > kb ? 1 : (ordinals[a] as number) - (ordinals[b] as number);
  });
  const distinct: string[] = [];
  const starts: number[] = [0];
  const held = new Uint32Array(order.length);
  let count = 0;
  let lastKey: string | null = null;
  let lastOrdinal = -1;
  for (const at of order) {
    const key = keys[at] as string;
    const ordinal = ordinals[at] as number;
    if (key !== lastKey) {
      if (lastKey !== null) starts.push(count);
      distinct.push(key);
      lastKey = key;
    } else if (ordinal === lastOrdinal) continue;
    held[count++] = ordinal;
    lastOrdinal = ordinal;
  }
  if (lastKey !== null) starts.push(count);
  return {
    keys: pack(distinct),
    starts: Uint32Array.from(starts),
    ordinals: held.slice(0, count),
  };
}

/** An alert as the builder takes it: its exact keys ("kind value"). */
export interface AlertRow {
  id: string;
  issuedAt: number;
  expiresAt: number;
  keys: string[];
}

/** The exact key of an identifier ("kind value"), as the index and the alert store keep it. */
export const exactKey = (identifier: Identifier) => `${identifier.kind} ${identifier.value}`;

/** The row of an alert or stub. */
export function rowOf(stub: AlertStub): AlertRow {
  const { id, issuedAt, expiresAt } = stub;
  return { id, issuedAt, expiresAt, keys: stub.identifiers.map(exactKey) };
}

/** Builds the compact index of `stubs` (alerts, or what a stored index kept of them). */
export function buildCompactIndex(stubs: Iterable<AlertStub>): CompactIndex {
  return buildFromRows(Array.from(stubs, rowOf));
}

/** Builds the compact index of `rows` (an alert's ordinal is its position in them). */
export function buildFromRows(rows: readonly AlertRow[]): CompactIndex {
  const exact: [string[], number[]] = [[], []];
  const reversed: [string[], number[]] = [[], []];
  const names: [string[], number[]] = [[], []];
  const add = (to: [string[], number[]], key: string, ordinal: number) => {
    to[0].push(key);
    to[1].push(ordinal);
  };
  rows.forEach((row, ordinal) => {
    for (const key of row.keys) {
      add(exact, key, ordinal);
      const space = key.indexOf(' ');
      const kind = key.slice(0, space);
      if (kind === 'phone' || kind === 'plate') {
        add(reversed, `${kind} ${reverse(key.slice(space + 1))}`, ordinal);
      } else if (kind === 'handle') {
        add(names, splitHandle(key.slice(space + 1)).name, ordinal);
      }
    }
  });
  const index: Omit<CompactIndex, 'checksum'> = {
    format: 1,
    ids: pack(rows.map((row) => row.id)),
    issuedAt: Float64Array.from(rows, (row) => row.issuedAt),
    expiresAt: Float64Array.from(rows, (row) => row.expiresAt),
    exact: postingsOf(...exact),
    reversed: postingsOf(...reversed),
    names: postingsOf(...names),
  };
  return { ...index, checksum: checksumOf(index) };
}

/** Every alert the index holds, as rows (to fold changes into a new index). */
export function rowsOf(index: CompactIndex): AlertRow[] {
  const rows: AlertRow[] = Array.from(index.issuedAt, (issuedAt, i) => ({
    id: unpack(index.ids, i),
    issuedAt,
    expiresAt: index.expiresAt[i] as number,
    keys: [],
  }));
  const { keys, starts, ordinals } = index.exact;
  for (let k = 0; k < keys.ends.length; k++) {
    const key = unpack(keys, k);
    for (let at = starts[k] as number; at < (starts[k + 1] as number); at++) {
      (rows[ordinals[at] as number] as AlertRow).keys.push(key);
    }
  }
  return rows;
}

/** Every alert the index holds, as stubs (revisions are not kept: 0). */
export function stubsOf(index: CompactIndex): AlertStub[] {
  return rowsOf(index).map(({ id, issuedAt, expiresAt, keys }) => ({
    id,
    revision: 0,
    issuedAt,
    expiresAt,
    identifiers: keys.map((key) => {
      const space = key.indexOf(' ');
      return { kind: key.slice(0, space), value: key.slice(space + 1) } as Identifier;
    }),
  }));
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
  exactly(index.exact, exactKey(identifier));

  const full = FULL_KIND_OF[kind];
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

  const partialKind = PARTIAL_KIND_OF[kind];
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
