import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Worker } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { toBase64Url, fromBase64UrlExact } from '../../shared/encoding/bytes.js';
import { chromiumArgs } from '../support/browser.js';
import { openReport } from '../../shared/protocol/report-envelope.js';
import { receiptId, sealReply } from '../../shared/protocol/receipt.js';
import { createRelayClient } from '../../shared/relay-client.js';
import { SCHEME, startWidgetWorld, type WidgetWorld } from './widget-fixture.js';
import { SAMPLE, fillToReview, send } from './widget-journey.js';

/**
 * The extension's report page (report.html) in Chromium with the built extension: the same form
 * as the widget, to the worker's scheme, through the same outbox; the receipt is kept and the
 * scheme's reply shows under it.
 */

let world: WidgetWorld;
let work: string;
let context: BrowserContext;
let worker: Worker;

beforeAll(async () => {
  world = await startWidgetWorld();
  work = mkdtempSync(join(tmpdir(), 'umn-widget-ext-'));
  const outDir = join(work, 'extension');
  execFileSync('npx', ['wxt', 'build'], {
    stdio: 'ignore',
    env: { ...process.env, UMN_OUT_DIR: outDir },
  });
  const extension = join(outDir, 'chrome-mv3');
  context = await chromium.launchPersistentContext(join(work, 'profile'), {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: chromiumArgs(extension),
  });
  worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));

  // A worker who has joined the scheme (as onboarding leaves extension storage).
  const membership = {
    scheme: SCHEME,
    joinedAt: Date.now(),
    members: world.secrets.members.map((m) => ({ epoch: m.epoch, key: toBase64Url(m.key) })),
  };
  const network = { relayUrl: world.relay.url, rootKey: world.rootKey };
  await worker.evaluate(
    ([m, n]) =>
      (
        globalThis as unknown as {
          chrome: { storage: { local: { set(v: object): Promise<void> } } };
        }
      ).chrome.storage.local.set({ 'umn:membership': m, 'umn:network': n }),
    [membership, network] as const,
  );
}, 180_000);

afterAll(async () => {
  await context?.close().catch(() => {});
  await world?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

it('reports from report.html and lists the receipt with the scheme reply', async () => {
  const extensionId = new URL(worker.url()).host;
  const page = await context.newPage();
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(`chrome-extension://${extensionId}/report.html`);
  // The page renders the form in a shadow root under #app, as the widget does.
  const form = page.locator('#app');
  await form.getByTestId('next').waitFor({ timeout: 15_000 });

  const before = await world.storedReports();
  await fillToReview(page, SAMPLE, undefined, form);
  const code = await send(page, form);
  expect(await world.storedReports()).toBe(before + 1);
  // The page lists the code below, so the receipt screen does not say it cannot be shown again.
  const hint = await form.getByTestId('receipt-code-hint').textContent();
  expect(hint).toContain('Your earlier reports');
  expect(hint).not.toContain('cannot show it again');
  await form.getByTestId('receipt-row').waitFor();
  expect(await form.getByTestId('receipt-row').textContent()).toContain(code);

  // Staff reply; reopening the page shows it under the kept receipt.
  const { reports } = await createRelayClient(world.relay.url).listReports(world.secrets);
  const report = openReport(reports.at(-1)!.envelope, world.secrets.box.secretKey)!;
  const replyKey = fromBase64UrlExact(report.replyKey, 32)!;
  const text = 'We have added his number to the alerts. Stay safe.';
  await createRelayClient(world.relay.url).postReply(
    world.secrets,
    receiptId(replyKey),
    sealReply(
      { v: 1, scheme: SCHEME, sentAt: Date.now(), text },
      replyKey,
      world.secrets.signing.secretKey,
    ),
  );
  await page.reload();
  await expect
    .poll(
      () =>
        form
          .getByTestId('receipt-replies')
          .textContent()
          .catch(() => ''),
      {
        timeout: 15_000,
      },
    )
    .toContain(text);
  await page.screenshot({ path: 'test-results/widget/extension-report-page.png', fullPage: true });
});
