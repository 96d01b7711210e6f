import type { AlertContent } from '../domain/alert.js';

/** What the index needs of an alert: the whole alert, or the stored index's stub of it. */
export type IndexedAlert = Pick<AlertContent, 'id' | 'revision' | 'issuedAt' | 'identifiers'>;

/**
 * The alerts holding one identifier value: one alert as is (most values), several as a set.
 * Sets keep a newest-first copy, made on the first look-up after a change, so a query that
 * matches thousands of alerts can return the newest few without sorting them all.
 * Internal to the alert index.
 */
export type Holders<T extends IndexedAlert = AlertContent> = T | Set<T>;

const newestFirst = new WeakMap<Set<IndexedAlert>, IndexedAlert[]>();

/** Adds `alert` under `key` of `map`. */
export function addHolder<T extends IndexedAlert>(
  map: Map<string, Holders<T>>,
  key: string,
  alert: T,
): void {
  const held = map.get(key);
  if (held === undefined) map.set(key, alert);
  else if (held instanceof Set) {
    held.add(alert);
    newestFirst.delete(held);
  } else if (held !== alert) map.set(key, new Set([held, alert]));
}

/** Removes `alert` under `key`; true when no alert holds the key any more. */
export function dropHolder<T extends IndexedAlert>(
  map: Map<string, Holders<T>>,
  key: string,
  alert: T,
): boolean {
  const held = map.get(key);
  if (held === undefined) return true;
  if (!(held instanceof Set)) {
    if (held === alert) map.delete(key);
    return held === alert;
  }
  held.delete(alert);
  newestFirst.delete(held);
  if (held.size === 1) map.set(key, held.values().next().value as T);
  return false;
}

function sortedOf<T extends IndexedAlert>(held: Holders<T>): readonly T[] {
  if (!(held instanceof Set)) return [held];
  let sorted = newestFirst.get(held) as T[] | undefined;
  if (!sorted) {
    sorted = [...held].sort((a, b) => b.issuedAt - a.issuedAt);
    newestFirst.set(held, sorted);
  }
  return sorted;
}

/** Every alert of `groups`, once each, newest first. */
export function allNewestFirst<T extends IndexedAlert>(groups: readonly Holders<T>[]): T[] {
  const found = new Set<T>();
  for (const held of groups) {
    if (held instanceof Set) for (const alert of held) found.add(alert);
    else found.add(held);
  }
  return [...found].sort((a, b) => b.issuedAt - a.issuedAt);
}

/**
 * The `limit` newest alerts of `groups`, once each, newest first: a k-way merge of the groups'
 * newest-first lists with a binary heap, so it reads about `limit` alerts, not all of them.
 */
export function newestOf<T extends IndexedAlert>(
  groups: readonly Holders<T>[],
  limit: number,
): T[] {
  const lists = groups.map(sortedOf);
  // Heap of [list index, position], ordered by the issuedAt of the alert at that position.
  const heap: Array<[number, number]> = [];
  const issuedAt = ([list, at]: [number, number]) =>
    ((lists[list] as readonly T[])[at] as T).issuedAt;
  const above = (a: number, b: number) =>
    issuedAt(heap[a] as [number, number]) > issuedAt(heap[b] as [number, number]);
  const swap = (a: number, b: number) => {
    const held = heap[a] as [number, number];
    heap[a] = heap[b] as [number, number];
    heap[b] = held;
  };
  const siftUp = (at: number) => {
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if (!above(at, parent)) return;
      swap(at, parent);
      at = parent;
    }
  };
  const siftDown = (at: number) => {
    for (;;) {
      const left = at * 2 + 1;
      const right = left + 1;
      let top = at;
      if (left < heap.length && above(left, top)) top = left;
      if (right < heap.length && above(right, top)) top = right;
      if (top === at) return;
      swap(at, top);
      at = top;
    }
  };

  lists.forEach((list, index) => {
    if (list.length === 0) return;
    heap.push([index, 0]);
    siftUp(heap.length - 1);
  });

  const found = new Set<T>();
  while (found.size < limit && heap.length > 0) {
    const head = heap[0] as [number, number];
    const list = lists[head[0]] as readonly T[];
    found.add(list[head[1]] as T);
    if (head[1] + 1 < list.length) {
      heap[0] = [head[0], head[1] + 1];
    } else {
      heap[0] = heap[heap.length - 1] as [number, number];
      heap.pop();
    }
    if (heap.length > 0) siftDown(0);
  }
  return [...found];
}
