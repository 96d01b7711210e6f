import type { AlertContent } from './domain/alert.js';
import {
  FULL_KIND_OF,
  PARTIAL_KIND_OF,
  type Identifier,
  type IdentifierKind,
} from './domain/codes.js';
import { fitsPattern } from './identifiers/partial-identifiers.js';
import { splitHandle } from './identifiers/normalize-handle.js';
import {
  addHolder,
  allNewestFirst,
  dropHolder,
  newestOf,
  type Holders,
  type IndexedAlert,
} from './alert-index/holders.js';
import { createValueIndex, type ValueIndex } from './alert-index/value-index.js';

export type { IndexedAlert };

/**
 * The local index the extension checks numbers against, in memory, with no network. Built from
 * the decrypted alerts the background sync holds; a check or a page scan asks it, never the relay.
 *
 * Layout (why a check answers in well under a frame at 100,000 alerts): every identifier sits
 * in one map keyed "kind value" → alert ids; the distinct phone numbers and plates are also kept
 * sorted (prefix patterns read a range) and bucketed by their last three characters (suffix
 * patterns read a bucket); the partial identifiers alerts hold, usually few, sit in a list that
 * a full phone or plate query tests one by one.
 */
export interface AlertIndex<T extends IndexedAlert = AlertContent> {
  /** Adds or replaces (by alert id, keeping the highest revision) an alert. */
  put(alert: T): void;
  /** Drops an alert (retracted or expired); unknown ids are ignored. */
  remove(alertId: string): void;
  /**
   * Alerts whose identifiers match, newest-issued first: exact for full identifiers; for
   * partial-phone a digit pattern / suffix match against phone numbers; partial-plate
   * prefix/suffix on plates. Also: a full phone query matches alerts holding a partial-phone
   * that fits it (a plate likewise a partial-plate); a handle without a platform matches that
   * name on any platform, and a platform handle matches alerts that named no platform.
   * With `limit`, only the newest `limit` of them (a vague partial can match thousands; the
   * popup shows the newest and asks for more characters).
   */
  lookup(identifier: Identifier, limit?: number): T[];
  /** Number of alerts held. */
  size(): number;
}

/**
 * Creates an index, optionally filled with `alerts`. Identifiers must already be normalised
 * (shared/identifiers): the index compares values, it does not read them.
 */
export function createAlertIndex<T extends IndexedAlert = AlertContent>(
  alerts?: Iterable<T>,
): AlertIndex<T> {
  const byId = new Map<string, T>();
  /** Per kind, value → holders (one map per kind: no key strings to build per identifier). */
  const holders = new Map<IdentifierKind, Map<string, Holders<T>>>();
  const holdersOf = (kind: IdentifierKind) => {
    let map = holders.get(kind);
    if (!map) holders.set(kind, (map = new Map()));
    return map;
  };
  /** Distinct full values of the kinds partials search. */
  const values: Record<'phone' | 'plate', ValueIndex> = {
    phone: createValueIndex(),
    plate: createValueIndex(),
  };
  /** Partial identifiers alerts hold, per kind, for full queries to test. */
  const partials = { 'partial-phone': new Set<string>(), 'partial-plate': new Set<string>() };
  /** Handle name (without platform) → the full handle values with that name. */
  const handleNames = new Map<string, Set<string>>();

  function index(alert: T): void {
    for (const { kind, value } of alert.identifiers) {
      const map = holdersOf(kind);
      const isNew = !map.has(value);
      addHolder(map, value, alert);
      if (!isNew) continue;

      if (kind === 'phone' || kind === 'plate') values[kind].add(value);
      else if (kind === 'partial-phone' || kind === 'partial-plate') partials[kind].add(value);
      else if (kind === 'handle') {
        const name = splitHandle(value).name;
        let same = handleNames.get(name);
        if (!same) handleNames.set(name, (same = new Set()));
        same.add(value);
      }
    }
  }

  function unindex(alert: T): void {
    for (const { kind, value } of alert.identifiers) {
      if (!dropHolder(holdersOf(kind), value, alert)) continue;

      if (kind === 'phone' || kind === 'plate') values[kind].delete(value);
      else if (kind === 'partial-phone' || kind === 'partial-plate') partials[kind].delete(value);
      else if (kind === 'handle') {
        const name = splitHandle(value).name;
        const same = handleNames.get(name);
        same?.delete(value);
        if (same?.size === 0) handleNames.delete(name);
      }
    }
  }

  /** The holder groups whose alerts match `identifier` (may overlap). */
  function collect(identifier: Identifier): Holders<T>[] {
    const groups: Holders<T>[] = [];
    const add = (held: Holders<T> | undefined) => {
      if (held !== undefined) groups.push(held);
    };
    const { kind, value } = identifier;
    const same = holders.get(kind);
    add(same?.get(value));

    const full = FULL_KIND_OF[kind];
    if (full) {
      const fullHolders = holders.get(full);
      for (const match of values[full].matching(value)) add(fullHolders?.get(match));
      return groups;
    }

    const partialKind = PARTIAL_KIND_OF[kind];
    if (partialKind === 'partial-phone' || partialKind === 'partial-plate') {
      const partialHolders = holders.get(partialKind);
      for (const pattern of partials[partialKind]) {
        if (fitsPattern(pattern, value)) add(partialHolders?.get(pattern));
      }
    }
    if (kind === 'handle') {
      const { platform, name } = splitHandle(value);
      for (const other of handleNames.get(name) ?? []) {
        const otherPlatform = splitHandle(other).platform;
        if (platform === null || otherPlatform === null || otherPlatform === platform) {
          add(same?.get(other));
        }
      }
    }
    return groups;
  }

  const api: AlertIndex<T> = {
    put(alert) {
      const held = byId.get(alert.id);
      if (held && held.revision >= alert.revision) return;
      if (held) unindex(held);
      byId.set(alert.id, alert);
      index(alert);
    },
    remove(alertId) {
      const held = byId.get(alertId);
      if (!held) return;
      unindex(held);
      byId.delete(alertId);
    },
    lookup(identifier, limit = Infinity) {
      if (!(limit >= 0)) throw new RangeError('limit must be a number of alerts, 0 or more');
      const groups = collect(identifier);
      return limit === Infinity ? allNewestFirst(groups) : newestOf(groups, limit);
    },
    size() {
      return byId.size;
    },
  };

  for (const alert of alerts ?? []) api.put(alert);
  return api;
}
