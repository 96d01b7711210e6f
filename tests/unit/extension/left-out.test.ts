import { describe, expect, it } from 'vitest';
import {
  createMemberState,
  noteUnreadable,
  type KeyValueArea,
  type UnreadableAlerts,
} from '../../../shared/sync/index.js';

/** The left-out record kept between pulls: added to, replaced by a re-read, cleared by a key. */

function memoryArea(): KeyValueArea {
  const data = new Map<string, unknown>();
  return {
    get: async (key) => (data.has(key) ? { [key]: structuredClone(data.get(key)) } : {}),
    set: async (items) => {
      for (const [k, v] of Object.entries(items)) data.set(k, structuredClone(v));
    },
    remove: async (key) => void data.delete(key),
  };
}

const keys = (...epochs: number[]) => epochs.map((epoch) => ({ epoch, key: new Uint8Array(32) }));

const cases: {
  name: string;
  stored?: UnreadableAlerts;
  held: number[];
  seen: { count: number; newestEpoch: number };
  reread?: boolean;
  expected: UnreadableAlerts | undefined;
}[] = [
  {
    name: 'nothing stored, nothing seen',
    held: [1],
    seen: { count: 0, newestEpoch: -1 },
    expected: undefined,
  },
  {
    name: 'first unreadable alerts',
    held: [1],
    seen: { count: 2, newestEpoch: 2 },
    expected: { count: 2, newestEpoch: 2 },
  },
  {
    name: 'a pull that reads nothing new keeps the record',
    stored: { count: 2, newestEpoch: 2 },
    held: [1],
    seen: { count: 0, newestEpoch: -1 },
    expected: { count: 2, newestEpoch: 2 },
  },
  {
    name: 'more unreadable alerts add up, newest epoch kept',
    stored: { count: 2, newestEpoch: 3 },
    held: [1],
    seen: { count: 1, newestEpoch: 2 },
    expected: { count: 3, newestEpoch: 3 },
  },
  {
    name: 'a grant for the newest epoch clears it',
    stored: { count: 2, newestEpoch: 2 },
    held: [1, 2],
    seen: { count: 0, newestEpoch: -1 },
    reread: true,
    expected: undefined,
  },
  {
    name: 'a grant for an older epoch: the re-read counts afresh',
    stored: { count: 5, newestEpoch: 3 },
    held: [1, 2],
    seen: { count: 1, newestEpoch: 3 },
    reread: true,
    expected: { count: 1, newestEpoch: 3 },
  },
];

describe('noteUnreadable', () => {
  it.each(cases)('$name', async ({ stored, held, seen, reread, expected }) => {
    const state = createMemberState(memoryArea());
    if (stored) await state.setUnreadable(stored);

    expect(await noteUnreadable(state, keys(...held), seen, reread ?? false)).toEqual(expected);
    expect(await state.unreadable()).toEqual(expected);
  });

  it('is forgotten when the worker leaves', async () => {
    const state = createMemberState(memoryArea());
    await state.setUnreadable({ count: 1, newestEpoch: 4 });
    await state.leave();
    expect(await state.unreadable()).toBeUndefined();
  });
});
