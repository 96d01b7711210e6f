import { fitsPattern } from '../identifiers/partial-identifiers.js';

/**
 * The distinct full values of one kind (phone numbers, or plates) that the alerts hold, arranged
 * for partial look-ups: sorted, so a pattern with a known start ("+4477009001??", "LX*") reads
 * one range; and bucketed by the last three characters, so a suffix ("*513") reads one bucket.
 * Internal to the alert index.
 */
export interface ValueIndex {
  add(value: string): void;
  delete(value: string): void;
  /** Values that fit a partial pattern (see shared/identifiers/partial-identifiers.ts). */
  matching(pattern: string): string[];
}

const TAIL = 3;

/** Binary search: the first index in `sorted` whose value is >= `key`. */
function lowerBound(sorted: readonly string[], key: string): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((sorted[middle] as string) < key) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** An empty value index. */
export function createValueIndex(): ValueIndex {
  const all = new Set<string>();
  const tails = new Map<string, Set<string>>();
  // Sorted copy, rebuilt on the first look-up after a change: syncs arrive in batches.
  let sorted: string[] | null = null;

  return {
    add(value) {
      if (all.has(value)) return;
      all.add(value);
      const tail = value.slice(-TAIL);
      let bucket = tails.get(tail);
      if (!bucket) tails.set(tail, (bucket = new Set()));
      bucket.add(value);
      sorted = null;
    },
    delete(value) {
      if (!all.delete(value)) return;
      const tail = value.slice(-TAIL);
      const bucket = tails.get(tail);
      bucket?.delete(value);
      if (bucket?.size === 0) tails.delete(tail);
      sorted = null;
    },
    matching(pattern) {
      const open = pattern.startsWith('*');
      const body = pattern.replace(/^\*|\*$/g, '');

      if (open && !pattern.endsWith('*')) {
        const tail = body.slice(-TAIL);
        if (tail.length === TAIL && !tail.includes('?')) {
          return [...(tails.get(tail) ?? [])].filter((value) => fitsPattern(pattern, value));
        }
      }

      const known = open ? '' : body.slice(0, body.search(/\?|$/));
      if (known.length > 0) {
        sorted ??= [...all].sort();
        const found: string[] = [];
        for (let i = lowerBound(sorted, known); i < sorted.length; i++) {
          const value = sorted[i] as string;
          if (!value.startsWith(known)) break;
          if (fitsPattern(pattern, value)) found.push(value);
        }
        return found;
      }

      // A suffix with unknown characters near its end: test every value (rare; still linear).
      return [...all].filter((value) => fitsPattern(pattern, value));
    },
  };
}
