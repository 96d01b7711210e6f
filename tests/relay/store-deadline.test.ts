import { describe, expect, it } from 'vitest';
import { StoreTimeoutError, withDeadline } from '../../server/store/store-deadline.js';
import type { RelayStore } from '../../server/store/relay-store.js';

describe('withDeadline', () => {
  it('fails a store call that gets no answer, and leaves prompt ones and local calls alone', async () => {
    let listeners = 0;
    const hanging = {
      kind: 'postgres',
      ping: () => new Promise<boolean>(() => {}),
      directoryVersion: async () => 7,
      onAlertsChanged: () => {
        listeners++;
        return () => {};
      },
      close: async () => {},
    } as unknown as RelayStore;
    const store = withDeadline(hanging, 50);

    const started = Date.now();
    await expect(store.ping()).rejects.toBeInstanceOf(StoreTimeoutError);
    expect(Date.now() - started).toBeLessThan(1000);
    await expect(store.ping()).rejects.toMatchObject({ code: 'STORE_TIMEOUT' });
    expect(await store.directoryVersion()).toBe(7);
    store.onAlertsChanged(() => {});
    expect(listeners).toBe(1);
    expect(store.kind).toBe('postgres');
  });
});
