import type { AlertContent } from './domain/alert.js';
import type { Identifier } from './domain/codes.js';
import { fitsPattern } from './identifiers/partial-identifiers.js';
import { splitHandle } from './identifiers/normalize-handle.js';

/**
 * The local index the extension checks numbers against, in memory, with no network. Built from
 * the decrypted alerts the background sync holds; a check or a page scan asks it, never the relay.
 *
 * Layout (why it answers in well under a frame at 100,000 alerts): full identifiers sit in one
 * map keyed "kind value"; phone numbers and plates are also bucketed by their last three
 * characters so a partial "ends in 513" reads one bucket instead of every number; the partial
 * identifiers alerts hold (usually few) are kept in a list that a full phone or plate query
 * tests one by one.
 */
export interface AlertIndex {
  /** Adds or replaces (by alert id, keeping the highest revision) an alert. */
  put(alert: AlertContent): void;
  /** Drops an alert (retracted or expired); unknown ids are ignored. */
  remove(alertId: string): void;
  /**
   * Alerts whose identifiers match: exact for full identifiers; for partial-phone a digit
   * pattern / suffix match against phone numbers; partial-plate prefix/suffix on plates.
   * Also: a full phone query matches alerts holding a partial-phone that fits it (and a plate
   * one holding a partial-plate); a handle without a platform matches that name on any platform.
   * Newest-issued first.
   */
  lookup(identifier: Identifier): AlertContent[];
  /** Number of alerts held. */
  size(): number;
}

const SUFFIX = 3;
const FULL_OF: Partial<Record<Identifier['kind'], Identifier['kind']>> = {
  'partial-phone': 'phone',
  'partial-plate': 'plate',
};
const PARTIAL_OF: Partial<Record<Identifier['kind'], Identifier['kind']>> = {
  phone: 'partial-phone',
  plate: 'partial-plate',
};

/** Adds `id` to the set at `key` of `map`. */
function addTo(map: Map<string, Set<string>>, key: string, id: string): void {
  let ids = map.get(key);
  if (!ids) map.set(key, (ids = new Set()));
  ids.add(id);
}

function dropFrom(map: Map<string, Set<string>>, key: string, id: string): void {
  const ids = map.get(key);
  if (!ids) return;
  ids.delete(id);
  if (ids.size === 0) map.delete(key);
}

/** A value's last characters, for the suffix buckets ("+447700900513" → "513"). */
function tail(value: string): string {
  return value.slice(-SUFFIX);
}

/**
 * Creates an index, optionally filled with `alerts`. Identifiers must already be normalised
 * (shared/identifiers): the index compares values, it does not read them.
 */
export function createAlertIndex(alerts?: Iterable<AlertContent>): AlertIndex {
  const byId = new Map<string, AlertContent>();
  /** "kind value" → alert ids, for full identifiers. */
  const exact = new Map<string, Set<string>>();
  /** "kind tail" → full values of that kind ending so (phones and plates). */
  const tails = new Map<string, Set<string>>();
  /** Handle name (without platform) → full handle values. */
  const handleNames = new Map<string, Set<string>>();
  /** "kind value" → alert ids, for partial identifiers held by alerts. */
  const partials = new Map<string, Set<string>>();

  const keyOf = (identifier: Identifier) => `${identifier.kind} ${identifier.value}`;

  function unindex(alert: AlertContent): void {
    for (const identifier of alert.identifiers) {
      const key = keyOf(identifier);
      if (FULL_OF[identifier.kind]) {
        dropFrom(partials, key, alert.id);
        continue;
      }
      dropFrom(exact, key, alert.id);
      if (exact.has(key)) continue;
      if (identifier.kind === 'phone' || identifier.kind === 'plate') {
        dropFrom(tails, `${identifier.kind} ${tail(identifier.value)}`, identifier.value);
      }
      if (identifier.kind === 'handle') {
        dropFrom(handleNames, splitHandle(identifier.value).name, identifier.value);
      }
    }
  }

  function index(alert: AlertContent): void {
    for (const identifier of alert.identifiers) {
      const key = keyOf(identifier);
      if (FULL_OF[identifier.kind]) {
        addTo(partials, key, alert.id);
        continue;
      }
      addTo(exact, key, alert.id);
      if (identifier.kind === 'phone' || identifier.kind === 'plate') {
        addTo(tails, `${identifier.kind} ${tail(identifier.value)}`, identifier.value);
      }
      if (identifier.kind === 'handle') {
        addTo(handleNames, splitHandle(identifier.value).name, identifier.value);
      }
    }
  }

  /** Full values of `kind` that fit the partial `pattern`. */
  function valuesFitting(kind: Identifier['kind'], pattern: string): string[] {
    const end = pattern.endsWith('*') ? '' : pattern.slice(-SUFFIX);
    if (end.length === SUFFIX && !end.includes('?') && !end.includes('*')) {
      return [...(tails.get(`${kind} ${end}`) ?? [])].filter((value) =>
        fitsPattern(pattern, value),
      );
    }
    // Prefix or wildcard-ended pattern: scan the buckets of this kind (linear, still fast).
    const found: string[] = [];
    for (const [key, values] of tails) {
      if (!key.startsWith(`${kind} `)) continue;
      for (const value of values) if (fitsPattern(pattern, value)) found.push(value);
    }
    return found;
  }

  const api: AlertIndex = {
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
    lookup(identifier) {
      const ids = new Set<string>();
      const collect = (set: Set<string> | undefined) => set?.forEach((id) => ids.add(id));
      const full = FULL_OF[identifier.kind];

      if (full) {
        for (const value of valuesFitting(full, identifier.value)) {
          collect(exact.get(`${full} ${value}`));
        }
        // Two partials of one number can overlap; an identical partial certainly does.
        collect(partials.get(keyOf(identifier)));
      } else {
        collect(exact.get(keyOf(identifier)));
        const partialKind = PARTIAL_OF[identifier.kind];
        if (partialKind) {
          for (const [key, holders] of partials) {
            if (!key.startsWith(`${partialKind} `)) continue;
            if (fitsPattern(key.slice(partialKind.length + 1), identifier.value)) collect(holders);
          }
        }
        if (identifier.kind === 'handle') {
          const { platform, name } = splitHandle(identifier.value);
          for (const value of handleNames.get(name) ?? []) {
            const other = splitHandle(value).platform;
            if (platform === null || other === null || other === platform) {
              collect(exact.get(`handle ${value}`));
            }
          }
        }
      }

      return [...ids]
        .map((id) => byId.get(id) as AlertContent)
        .sort((a, b) => b.issuedAt - a.issuedAt);
    },
    size() {
      return byId.size;
    },
  };

  for (const alert of alerts ?? []) api.put(alert);
  return api;
}
