import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import {
  localCheckService,
  serveChecks,
  workerCheckService,
  type CheckReply,
  type CheckRequest,
  type WorkerPort,
  type WorkerScope,
} from '../../../entrypoints/popup/check-service.js';
import { openAlertStore } from '../../../shared/alert-store.js';
import type { Identifier } from '../../../shared/domain/codes.js';
import { testAlert } from './fixtures.js';

/**
 * The popup's index worker protocol: checks asked on the popup's thread are answered by the
 * service in the worker, over the same IndexedDB; a worker that fails hands over to the same
 * service on the popup's thread, and no check is lost or left hanging.
 */

const day = 86_400_000;

const alertWith = (id: string, identifiers: Identifier[]) => testAlert(id, identifiers, Date.now());

const phone = (value: string): Identifier => ({ kind: 'phone', value });

let stores = 0;

/** A store holding two alerts, opened afresh under its own name. */
async function filledStore() {
  const name = `check-service-${stores++}`;
  const store = await openAlertStore(name);
  await store.apply(
    [
      alertWith('a1', [phone('+447700900123')]),
      alertWith('a2', [{ kind: 'partial-phone', value: '*900456' }]),
    ],
    2,
  );
  store.close();
  return () => openAlertStore(name);
}

/** A worker and its scope joined in memory; messages arrive in later tasks, as between threads. */
function connectedPair(): { port: WorkerPort; scope: WorkerScope; terminated: () => boolean } {
  let stopped = false;
  const port: WorkerPort = {
    onmessage: null,
    onerror: null,
    postMessage(request: CheckRequest) {
      const copy = structuredClone(request);
      setTimeout(() => {
        if (!stopped) scope.onmessage?.({ data: copy } as MessageEvent<CheckRequest>);
      }, 0);
    },
    terminate: () => void (stopped = true),
  };
  const scope: WorkerScope = {
    onmessage: null,
    postMessage(reply: CheckReply) {
      const copy = structuredClone(reply);
      setTimeout(() => {
        if (!stopped) port.onmessage?.({ data: copy } as MessageEvent<CheckReply>);
      }, 0);
    },
  };
  return { port, scope, terminated: () => stopped };
}

describe('index worker checks', () => {
  it('answers full and partial checks, and a certain "no reports", through the worker', async () => {
    const open = await filledStore();
    const { port, scope } = connectedPair();
    serveChecks(scope, localCheckService(open));
    let fellBack = false;
    const service = workerCheckService(port, () => {
      fellBack = true;
      return localCheckService(open);
    });
    await service.start();
    const now = Date.now();
    const held = await service.check([phone('+447700900123')], now);
    expect(held.alerts.map((a) => a.id)).toEqual(['a1']);
    expect(held.complete).toBe(true);
    // A full number ending in the partial an alert holds.
    const ending = await service.check([phone('+447700900456')], now);
    expect(ending.alerts.map((a) => a.id)).toEqual(['a2']);
    const none = await service.check([phone('+447700900999')], now);
    expect(none).toEqual({ alerts: [], complete: true });
    // Past its expiry, an alert is no answer.
    expect((await service.check([phone('+447700900123')], now + 31 * day)).alerts).toEqual([]);
    expect(fellBack).toBe(false);
    service.close();
  });

  it('reads the index only once started, or when a check needs it', async () => {
    const open = await filledStore();
    let reads = 0;
    const counted = async () => {
      const store = await open();
      return {
        ...store,
        checkIndex: (signal?: AbortSignal) => (reads++, store.checkIndex(signal)),
      };
    };
    const service = localCheckService(counted);
    await new Promise((done) => setTimeout(done, 20));
    expect(reads).toBe(0);
    const asked = await service.check([phone('+447700900123')], Date.now());
    expect(asked.alerts.map((a) => a.id)).toEqual(['a1']);
    await service.start();
    expect(reads).toBe(1);
    service.close();
  });

  it('reads the index again on reload, with alerts added since', async () => {
    const open = await filledStore();
    const { port, scope } = connectedPair();
    serveChecks(scope, localCheckService(open));
    const service = workerCheckService(port, () => localCheckService(open));
    await service.start();
    const later = phone('+447700900777');
    expect((await service.check([later], Date.now())).alerts).toEqual([]);
    const store = await open();
    await store.apply([alertWith('a3', [later])], 3);
    store.close();
    await service.reload();
    expect((await service.check([later], Date.now())).alerts.map((a) => a.id)).toEqual(['a3']);
    service.close();
  });

  it('hands over to the popup thread when the worker cannot start, losing no check', async () => {
    const open = await filledStore();
    const port: WorkerPort = {
      onmessage: null,
      onerror: null,
      postMessage: () => undefined,
      terminate: () => undefined,
    };
    const service = workerCheckService(port, () => localCheckService(open));
    const asked = service.check([phone('+447700900123')], Date.now());
    // The script failed to load: the browser reports an error on the worker.
    port.onerror?.(new Event('error') as ErrorEvent);
    await service.start();
    expect((await asked).alerts.map((a) => a.id)).toEqual(['a1']);
    expect((await service.check([phone('+447700900999')], Date.now())).complete).toBe(true);
    service.close();
  });

  it('fails a check the worker could not answer without saying what was checked', async () => {
    const { port, scope } = connectedPair();
    serveChecks(scope, {
      start: () => Promise.resolve(),
      check: () => Promise.reject(new Error('+447700900123 unreadable')),
      reload: () => Promise.resolve(),
      close: () => undefined,
    });
    const service = workerCheckService(port, () => {
      throw new Error('no fallback expected');
    });
    await service.start();
    const failure = await service.check([phone('+447700900123')], Date.now()).catch((e) => e);
    expect(failure).toBeInstanceOf(Error);
    expect(String(failure)).not.toMatch(/7700/);
    service.close();
  });

  it('ends every waiting check when the popup closes the service', async () => {
    const { port, scope, terminated } = connectedPair();
    // A worker still reading its index: nothing is answered yet.
    scope.onmessage = () => undefined;
    const service = workerCheckService(port, () => {
      throw new Error('no fallback expected');
    });
    const asked = service.check([phone('+447700900123')], Date.now());
    service.close();
    await expect(asked).rejects.toThrow();
    expect(terminated()).toBe(true);
  });
});
