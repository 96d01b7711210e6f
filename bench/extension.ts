import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { launchWithExtension } from '../tests/support/browser.js';
import type { BenchRow } from './bench-row.js';
import { pageScanRows } from './page-scan.js';

/**
 * Extension budgets, measured in Chromium (the browser workers use), not in Node:
 * - the page scan (bench/page-scan.ts): a 2 MB page with ~5,000 numbers, page-thread time in
 *   total and the longest task beside libphonenumber-js's own text search in the same page, and
 *   the time added to an ordinary page without numbers;
 * - popup first paint with the service worker stopped, and a check answered at 100,000 alerts.
 */

const repo = resolve(import.meta.dirname, '..');
const round = (value: number, places = 1) => Number(value.toFixed(places));

/** Fills the extension's IndexedDB with `count` alerts (run inside an extension page). */
async function fillAlerts(count: number): Promise<boolean> {
  // The store's schema of version 2 (shared/alert-store.ts), so the popup's first open upgrades
  // it to version 3 (each alert's keys). The stored check index is left out of step: the popup
  // finds that and rebuilds it.
  // If the worker made the store at its own version first, fill that, with each alert's keys.
  let open = indexedDB.open('umn-alerts', 2);
  let withKeys = false;
  open.onupgradeneeded = () => {
    const db = open.result;
    if (db.objectStoreNames.contains('alerts')) return;
    const alerts = db.createObjectStore('alerts', { keyPath: 'id' });
    alerts.createIndex('issuedAt', 'alert.issuedAt');
    alerts.createIndex('expiresAt', 'alert.expiresAt');
    alerts.createIndex('unread', 'unread');
    db.createObjectStore('retractions', { keyPath: 'alertId' });
    db.createObjectStore('meta');
    db.createObjectStore('check-index');
  };
  const db: IDBDatabase = await new Promise((done, fail) => {
    open.onsuccess = () => done(open.result);
    open.onerror = () => {
      if (open.error?.name !== 'VersionError') return fail(open.error);
      withKeys = true;
      open = indexedDB.open('umn-alerts');
      open.onsuccess = () => done(open.result);
      open.onerror = () => fail(open.error);
    };
  });
  const now = Date.now();
  for (let start = 0; start < count; start += 10_000) {
    const tx = db.transaction('alerts', 'readwrite');
    for (let i = start; i < Math.min(count, start + 10_000); i++) {
      const id = `bench${String(i).padStart(17, '0')}`;
      // Fictional identifiers only: every 100th alert holds one of the 1,000 numbers of Ofcom's
      // drama range (07700 900000-999); every alert holds an example.com address.
      const identifiers: { kind: string; value: string }[] = [
        { kind: 'email', value: `client${i}@example.com` },
      ];
      if (i % 100 === 0) {
        identifiers.push({ kind: 'phone', value: `+447700900${String(i / 100).padStart(3, '0')}` });
      }
      // 20 alerts hold a partial ("ends in 900900" … "900919"): the quick check reads them all.
      if (i % 5_000 === 2) {
        const tail = String(Math.floor(i / 5_000)).padStart(2, '0');
        identifiers.push({ kind: 'partial-phone', value: `*9009${tail}` });
      }
      tx.objectStore('alerts').put({
        id,
        unread: 0,
        storedAt: now,
        ...(withKeys ? { keys: identifiers.map((i) => `${i.kind} ${i.value}`) } : {}),
        alert: {
          v: 1,
          kind: 'alert',
          id,
          scheme: 'north-east',
          revision: 1,
          issuedAt: now - i * 1000,
          expiresAt: now + 30 * 86_400_000,
          regions: ['north-east'],
          area: 'Newcastle',
          incidentDate: '',
          severity: 'high',
          incidentTypes: ['robbery'],
          setting: '',
          identifiers,
          advice: ['do-not-book'],
          description: '',
        },
      });
    }
    await new Promise((done) => (tx.oncomplete = done));
  }
  db.close();
  return withKeys;
}

async function popupRows(): Promise<BenchRow[]> {
  const work = mkdtempSync(join(tmpdir(), 'umn-bench-extension-'));
  const outDir = join(work, 'build');
  execFileSync('npx', ['wxt', 'build'], {
    cwd: repo,
    stdio: 'ignore',
    env: {
      ...process.env,
      UMN_OUT_DIR: outDir,
      WXT_RELAY_URL: 'http://127.0.0.1:9',
      WXT_ROOT_KEY: 'A'.repeat(43),
    },
  });
  const extensionDir = join(outDir, 'chrome-mv3');
  if (!existsSync(extensionDir)) throw new Error('the extension did not build');
  const browser = await launchWithExtension({ extensionDir });

  try {
    // Asleep, the worker does not make the store first (then the upgrade is not measured).
    await browser.stopServiceWorker();
    const setup = await browser.context.newPage();
    await setup.goto(`chrome-extension://${browser.extensionId}/popup.html`);
    const filledCurrent = await setup.evaluate(fillAlerts, 100_000);
    await setup.evaluate(() =>
      (
        globalThis as never as {
          chrome: { storage: { local: { set(v: unknown): Promise<void> } } };
        }
      ).chrome.storage.local.set({
        'umn:membership': {
          scheme: 'north-east',
          joinedAt: 1,
          members: [{ epoch: 1, key: 'A'.repeat(43) }],
        },
      }),
    );
    await setup.close();

    // The first open upgrades the store to version 3 (keys for 100,000 alerts) and rebuilds the
    // check index; wait for both before measuring.
    const upgrade = await browser.context.newPage();
    await upgrade.goto(`chrome-extension://${browser.extensionId}/popup.html`);
    await upgrade.waitForFunction(
      () => performance.getEntriesByName('umn:check-index-ready').length > 0,
      undefined,
      { timeout: 120_000 },
    );
    const upgraded = await upgrade.evaluate(
      () => performance.getEntriesByName('umn:quick-check-ready')[0]?.startTime ?? -1,
    );
    await upgrade.close();

    const paints: number[] = [];
    const quickReady: number[] = [];
    const pasted: number[] = [];
    /** Input event to answer on screen, for every check pasted at open. */
    const afterPaste: number[] = [];
    const pending: number[] = [];
    const pendingIndexReady: number[] = [];
    const stored: number[] = [];
    const storedNone: number[] = [];
    const indexReady: number[] = [];
    const rebuilt: number[] = [];
    const checks: number[] = [];
    const floor: number[] = [];
    const floorServer = createServer((_, response) => {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end('<!doctype html><p>first paint</p>');
    });
    await new Promise<void>((done) => floorServer.listen(0, '127.0.0.1', done));
    const floorUrl = `http://127.0.0.1:${(floorServer.address() as AddressInfo).port}/`;
    const popupUrl = `chrome-extension://${browser.extensionId}/popup.html`;

    /** Opens the popup with the worker asleep, pastes a held number at once: ms to the answer. */
    const openAndCheck = async (typed = '07700 900123', answer = 'matches') => {
      await browser.stopServiceWorker();
      const popup = await browser.context.newPage();
      await popup.setViewportSize({ width: 380, height: 600 });
      await popup.goto(popupUrl);
      await popup.getByTestId('check-input').waitFor();
      // Page clock (ms since navigation start) when the first answer is on screen.
      // And when the paste's input event came (playwright's own latency is before it).
      const answered = popup.evaluate(
        (kind) =>
          new Promise<[number, number]>((done) => {
            let inputAt = -1;
            document.addEventListener('input', () => (inputAt = performance.now()), {
              capture: true,
              once: true,
            });
            const result = document.querySelector('[data-testid="check-result"]')!;
            const observer = new MutationObserver(() => {
              if (!result.querySelector(`[data-answer="${kind}"]`)) return;
              observer.disconnect();
              done([performance.now(), inputAt]);
            });
            observer.observe(result, { childList: true, subtree: true });
          }),
        answer,
      );
      await popup.getByTestId('check-input').fill(typed);
      await popup.locator(`[data-answer="${answer}"]`).waitFor({ timeout: 60_000 });
      const [answeredAt, inputAt] = await answered;
      pasted.push(inputAt);
      afterPaste.push(answeredAt - inputAt);
      return { popup, answeredAt };
    };

    /**
     * "Check this number" from the context menu: the number waits in storage.session and is in
     * the check box at the first render. Page clock from navigation start to the match.
     */
    const openWithPending = async (typed: string) => {
      const setup = await browser.context.newPage();
      await setup.goto(popupUrl);
      await setup.evaluate(
        (check) =>
          (
            globalThis as never as {
              chrome: { storage: { session: { set(v: unknown): Promise<void> } } };
            }
          ).chrome.storage.session.set({ 'umn:pending-check': check }),
        typed,
      );
      await setup.close();
      await browser.stopServiceWorker();
      const popup = await browser.context.newPage();
      await popup.addInitScript(() => {
        const marked = new MutationObserver(() => {
          if (!document.querySelector('[data-answer="matches"]')) return;
          marked.disconnect();
          performance.mark('bench:answered');
        });
        marked.observe(document, { childList: true, subtree: true });
      });
      await popup.goto(popupUrl);
      await popup.locator('[data-answer="matches"]').waitFor({ timeout: 60_000 });
      const at = await popup.evaluate(
        () => performance.getEntriesByName('bench:answered')[0]?.startTime ?? -1,
      );
      await popup.waitForFunction(
        () => performance.getEntriesByName('umn:check-index-ready').length > 0,
        undefined,
        { timeout: 60_000 },
      );
      const ready = await popup.evaluate(
        () => performance.getEntriesByName('umn:check-index-ready')[0]?.startTime ?? -1,
      );
      await popup.close();
      return [at, ready] as const;
    };

    for (let run = 0; run < 3; run++) {
      // The fallback first: the stored index missing (as after an upgrade), rebuilt from alerts.
      const setup = await browser.context.newPage();
      await setup.goto(popupUrl);
      await setup.evaluate(dropStoredIndex);
      await setup.close();
      const cold = await openAndCheck();
      rebuilt.push(cold.answeredAt);
      // Closed before its rebuild is stored, the next open would rebuild again.
      await cold.popup.waitForFunction(
        () => performance.getEntriesByName('umn:check-index-ready').length > 0,
        undefined,
        { timeout: 60_000 },
      );
      await cold.popup.close();

      // Then as a worker finds it: the index the sync (here, that rebuild) stored.
      // A number not held: "No reports" waits for the index's checksum if it has not run yet.
      const none = await openAndCheck('020 7946 0999', 'none');
      storedNone.push(none.answeredAt);
      await none.popup.close();

      const { popup, answeredAt } = await openAndCheck();
      stored.push(answeredAt);
      // The quick check answered; the per-input checks below are timed with the index read.
      await popup.waitForFunction(
        () => performance.getEntriesByName('umn:check-index-ready').length > 0,
        undefined,
        { timeout: 60_000 },
      );
      indexReady.push(
        await popup.evaluate(
          () => performance.getEntriesByName('umn:check-index-ready')[0]?.startTime ?? -1,
        ),
      );
      quickReady.push(
        await popup.evaluate(
          () => performance.getEntriesByName('umn:quick-check-ready')[0]?.startTime ?? -1,
        ),
      );
      paints.push(
        await popup.evaluate(
          () =>
            performance.getEntriesByName('first-contentful-paint')[0]?.startTime ??
            performance.getEntriesByType('paint').at(-1)?.startTime ??
            -1,
        ),
      );

      // Time from an input event to the answer on screen, for numbers held and not held.
      for (const value of [
        '07700 900999',
        '020 7946 0123',
        '+44 (0)7700-900-517',
        'ends in 517',
        'Client55555@Example.com',
      ]) {
        checks.push(
          await popup.evaluate(async (typed) => {
            const input = document.querySelector('[data-testid="check-input"]') as HTMLInputElement;
            const result = document.querySelector('[data-testid="check-result"]')!;
            // Answered: an answer shown and nothing loading (a match reads its alerts first).
            const changed = new Promise<number>((done) => {
              const observer = new MutationObserver(() => {
                if (!result.querySelector('[data-answer]') || result.querySelector('.loading')) {
                  return;
                }
                observer.disconnect();
                done(performance.now());
              });
              observer.observe(result, { childList: true, subtree: true, characterData: true });
            });
            const started = performance.now();
            input.value = typed;
            input.dispatchEvent(new Event('input', { bubbles: true }));
            return (await changed) - started;
          }, value),
        );
      }
      await popup.close();

      const [at, ready] = await openWithPending('07700 900042');
      pending.push(at);
      pendingIndexReady.push(ready);

      // The floor: first paint of a one-line page in the same browser at the same moment.
      const blank = await browser.context.newPage();
      await blank.goto(floorUrl);
      // Under load the paint entry can come after the load event: wait for it (-1 otherwise).
      await blank
        .waitForFunction(
          () => performance.getEntriesByName('first-contentful-paint').length > 0,
          undefined,
          { timeout: 5_000 },
        )
        .catch(() => undefined);
      floor.push(
        await blank.evaluate(
          () => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? -1,
        ),
      );
      await blank.close();
    }
    floorServer.close();
    const median = (values: number[]) =>
      [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    return [
      {
        metric: 'popup first paint, service worker stopped',
        ours: round(median(paints)),
        baseline: round(median(floor)),
        unit: 'ms',
        method:
          'Chromium, built extension, 100,000 alerts held, worker stopped through CDP before each of 3 opens; first-contentful-paint of popup.html (the check box is in the first paint), median; baseline = first paint of a one-line page from 127.0.0.1 in the same browser just after (the floor on this machine at that moment); budget 100 ms',
      },
      {
        metric: 'popup check answered, 100,000 alerts held',
        ours: round(median(checks)),
        baseline: null,
        unit: 'ms',
        method: `Chromium, input event to the answer on screen (MutationObserver; a match counts once its alerts are read from IndexedDB), median of ${checks.length} checks (held, not held, another spelling, partial "ends in", email); worst ${round(Math.max(...checks))} ms; budget 16 ms`,
      },
      {
        metric:
          'popup: check pasted at open, answered after the paste, 100,000 alerts, worker asleep',
        ours: round(median(afterPaste)),
        baseline: null,
        unit: 'ms',
        method: `Chromium, worker stopped through CDP, popup opened and a number pasted as soon as the box exists (held, not held, and held with the stored check index removed so it is rebuilt meanwhile; 3 opens each); paste's input event to the answer on screen, median of ${afterPaste.length} (all: ${afterPaste.map((v) => round(v, 0)).join(', ')} ms; worst ${round(Math.max(...afterPaste))} ms); budget 16 ms`,
      },
      {
        metric:
          'popup: open to first answered check at 100,000 alerts, service worker asleep (quick check)',
        ours: round(median(stored), 0),
        baseline: round(median(indexReady), 0),
        unit: 'ms',
        method: `Chromium, worker stopped through CDP, popup opened and a held number pasted as soon as the box exists; page clock from navigation start to the matching alert on screen, median of 3 (${stored.map((v) => round(v, 0)).join(', ')} ms; a number not held, "No reports": ${storedNone.map((v) => round(v, 0)).join(', ')} ms; with the stored check index removed first, so it is rebuilt meanwhile: ${rebuilt.map((v) => round(v, 0)).join(', ')} ms; pasted (input event) at ${pasted.map((v) => round(v, 0)).join(', ')} ms in the order rebuilt, not held, held; quick check ready (store open, reader loaded) at ${quickReady.map((v) => round(v, 0)).join(', ')} ms); baseline = when the check index was read and ready in the same opens (${indexReady.map((v) => round(v, 0)).join(', ')} ms), the earliest the popup could answer before the quick check; the first open after filling a version-2 store upgraded it (keys for 100,000 alerts) and had the quick check ready at ${filledCurrent ? '(not measured: the worker made the store first)' : `${round(upgraded, 0)} ms`}`,
      },
      {
        metric: 'popup: open to answer of a context-menu check at 100,000 alerts, worker asleep',
        ours: round(median(pending), 0),
        baseline: round(median(pendingIndexReady), 0),
        unit: 'ms',
        method: `Chromium, a held number left in storage.session as "Check this number" leaves it, worker stopped, popup opened; page clock from navigation start to the match on screen (${pending.map((v) => round(v, 0)).join(', ')} ms), median of 3; baseline = when the check index was read and ready in the same opens (${pendingIndexReady.map((v) => round(v, 0)).join(', ')} ms), the earliest the popup answered before the quick check`,
      },
    ];
  } finally {
    await browser.close();
    rmSync(work, { recursive: true, force: true });
  }
}

/** Removes the stored check index (run inside an extension page): the next reader rebuilds it. */
async function dropStoredIndex(): Promise<void> {
  const open = indexedDB.open('umn-alerts');
  const db: IDBDatabase = await new Promise((done, fail) => {
    open.onsuccess = () => done(open.result);
    open.onerror = () => fail(open.error);
  });
  if (db.objectStoreNames.contains('check-index')) {
    const tx = db.transaction('check-index', 'readwrite');
    tx.objectStore('check-index').clear();
    await new Promise((done) => (tx.oncomplete = done));
  }
  db.close();
}

/** Every extension figure for `npm run bench`. */
export async function benchExtension(): Promise<BenchRow[]> {
  return [...(await pageScanRows()), ...(await popupRows())];
}

// `npx tsx bench/extension.ts [page|popup]` prints the rows on their own.
if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const only = process.argv[2];
  const rows =
    only === 'page'
      ? await pageScanRows()
      : only === 'popup'
        ? await popupRows()
        : await benchExtension();
  for (const row of rows) console.log(JSON.stringify(row));
}
