import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page, Worker } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addScheme, initNetwork, openStore } from '../../server/operator/index.js';
import { startRelay, type RunningRelay } from '../../server/relay.js';
import type { RelayStore } from '../../server/store/relay-store.js';
import { fromBase64UrlExact, toBase64Url } from '../../shared/encoding/bytes.js';
import { randomBytes } from '../../shared/crypto/random.js';
import { emptyReport } from '../../shared/domain/report.js';
import { createDeviceKey, sealDeviceEnrolment } from '../../shared/protocol/device-enrolment.js';
import { inviteId, parseCode, sealReport, verifyDirectory } from '../../shared/protocol/index.js';
import { createInvite } from '../../shared/protocol/invite.js';
import { unlockStaffVault } from '../../shared/protocol/staff-vault.js';
import { createRelayClient } from '../../shared/relay-client.js';
import {
  launchWithExtension,
  type ExtensionBrowser,
  buildExtensionFor,
} from '../support/browser.js';

/**
 * Members' key rotation end to end: staff make three invite codes in the staff page, two workers
 * join with them in their own browsers. On-call staff on another browser profile (which did not
 * make the invites: their enrolment keys reach it through the staff journal) see both devices
 * as checkable, remove one and rotate the members' key, then an alert is published. Only the
 * worker left in can read it; the removed one still reads the alert published before (rotation
 * does not take back what was already sealed). A third worker joins afterwards with a code made
 * before the rotation: the on-call staff page sends it the current key as soon as it lists it.
 * Last, a device enrols with an invite made outside any staff page (its key is in no journal):
 * the tab says a rotation would cut it off, and rotating asks twice, saying so.
 * Fictional identifiers only (Ofcom drama range).
 */

interface StorageArea {
  remove(key: string): Promise<void>;
}
declare const chrome: { storage: { session: StorageArea } };

const CHEAP_KDF = { logN: 10, r: 8, p: 1 };

let work: string;
let store: RelayStore;
let relay: RunningRelay;
let passphrase: string;
let boxKey: Uint8Array;
let extensionDir: string;
let staff: ExtensionBrowser;
let staffContext: BrowserContext;
let staffWorker: Worker;
let onCall: ExtensionBrowser | undefined;
const workers: { browser: ExtensionBrowser; popup: Page; invite: string }[] = [];

async function unlock(page: Page) {
  await page.getByTestId('staff-scheme').selectOption('north-east');
  await page.getByTestId('staff-passphrase').fill(passphrase);
  await page.getByTestId('staff-unlock').click();
}

/** A worker joins with `code` in a browser of their own. */
async function joinWith(code: string) {
  const parsed = parseCode(code);
  if (!parsed.ok) throw new Error('the staff page showed an unreadable code');
  const browser = await launchWithExtension({ extensionDir });
  const popup = await browser.context.newPage();
  await popup.setViewportSize({ width: 400, height: 600 });
  await popup.goto(`chrome-extension://${browser.extensionId}/popup.html`);
  await popup.getByTestId('invite-code').fill(code);
  await popup.getByTestId('join').click();
  await popup.getByTestId('check-input').waitFor();
  const worker = { browser, popup, invite: inviteId(parsed.code) };
  workers.push(worker);
  return worker;
}

/**
 * A device enrolled with an invite made straight on the relay, as npm start once did: its
 * enrolment key is in no staff journal, so no staff device can check it.
 */
async function enrolOutsideStaffPages(): Promise<void> {
  const client = createRelayClient(relay.url);
  const { vaults } = await client.staffVaults('north-east');
  const unlocked = await unlockStaffVault(vaults[0], passphrase);
  if (!unlocked.ok) throw new Error('the test could not unlock the scheme');
  const { secrets } = unlocked;
  const { code, record } = createInvite('north-east', secrets.members, Date.now() + 86_400_000);
  await client.createInvite(secrets, record);
  await client.redeemInvite(record.id);
  const device = createDeviceKey();
  const envelope = sealDeviceEnrolment(code, 'north-east', device.publicKey, boxKey);
  await client.enrolDevice(record.id, envelope);
}

/** Opens the Workers' devices tab again and waits until it has listed the enrolments. */
async function showDevices(page: Page) {
  await page.getByTestId('nav-inbox').click();
  await page.getByTestId('nav-devices').click();
  await page.locator('section.devices[aria-busy="false"]').waitFor();
}

async function staffPage(): Promise<Page> {
  const page = await staffContext.newPage();
  await page.setViewportSize({ width: 1280, height: 800 });
  page.on('dialog', (dialog) => void dialog.accept());
  await staffWorker.evaluate(() => chrome.storage.session.remove('staff:session'));
  await page.goto(`chrome-extension://${staff.extensionId}/staff.html`);
  await unlock(page);
  await page.getByTestId('staff-unlocked').waitFor();
  return page;
}

/** What a worker's popup answers for `number` after a sync it waited for. */
async function check(popup: Page, number: string): Promise<string> {
  await popup.evaluate(() =>
    (
      globalThis as unknown as {
        chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } };
      }
    ).chrome.runtime.sendMessage({ type: 'umn:sync' }),
  );
  await popup.reload();
  await popup.getByTestId('check-input').fill(number);
  const result = popup.getByTestId('check-result');
  // A match's alerts are read from IndexedDB first ("Loading alerts…" until the answer shows).
  const answer = result.locator('[data-answer]').first();
  await answer.waitFor();
  return `${await answer.getAttribute('data-answer')}: ${await result.textContent()}`;
}

/** Submits a consented report and publishes it from the popup's staff tab as an urgent alert. */
async function publishUrgent(area: string, phone: string, text: string): Promise<void> {
  const report = emptyReport(toBase64Url(randomBytes(16)), 'north-east', 'en');
  report.createdAt = Date.now() - 60_000;
  report.incidentTypes = ['physical-assault'];
  report.when = { date: '2026-11-20', timeOfDay: 'night' };
  report.where = { area, setting: 'outcall' };
  report.who.phones = [phone];
  report.narrative = 'He hit me.';
  report.consent.workerAlert = true;
  await createRelayClient(relay.url).submitReport(sealReport(report, boxKey));

  const page = await staffContext.newPage();
  await page.setViewportSize({ width: 400, height: 600 });
  // Locked first, so the popup always unlocks from the vault: after a rotation that proves the
  // unlock takes in the epoch granted to the scheme's box key.
  await staffWorker.evaluate(() => chrome.storage.session.remove('staff:session'));
  await page.goto(`chrome-extension://${staff.extensionId}/popup.html`);
  await page.getByTestId('staff-panel').waitFor();
  await unlock(page);
  const urgent = page.getByTestId('quick-alert').filter({ hasText: area });
  await urgent.getByRole('textbox').fill(text);
  await urgent.getByTestId('publish-urgent').click();
  await expect.poll(() => page.getByTestId('panel-status').textContent()).toBe('Published.');
  await page.close();
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'umn-rotation-e2e-'));
  const network = await initNetwork(work, 'Rotation test network');
  const rootKey = fromBase64UrlExact(network.rootPublicKey, 32)!;
  store = await openStore({ sqlitePath: join(work, 'relay.sqlite') });
  passphrase = (
    await addScheme(
      work,
      store,
      { id: 'north-east', name: 'North East Ugly Mugs', regions: ['Leeds'] },
      { kdfCost: CHEAP_KDF },
    )
  ).passphrase;
  relay = await startRelay({ rootPublicKey: rootKey, store });
  const checked = await verifyDirectory(await createRelayClient(relay.url).directory(), rootKey);
  if (!checked.ok) throw new Error('directory did not verify');
  boxKey = fromBase64UrlExact(checked.directory.schemes[0]!.boxKey, 32)!;

  // A private build pinned to this network: a rebuild of .output cannot change it mid-test.
  const outDir = join(work, 'build');
  buildExtensionFor(outDir, relay.url, network.rootPublicKey);
  extensionDir = join(outDir, 'chrome-mv3');
  staff = await launchWithExtension({ extensionDir });
  staffContext = staff.context;
  staffWorker = staff.serviceWorker;
});

afterAll(async () => {
  for (const w of workers) await w.browser.close();
  await onCall?.close();
  await staff?.close();
  await relay?.close();
  await store?.close?.();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("members' key rotation", () => {
  it('staff on another profile check, remove and rotate; only the worker left in reads', async () => {
    // Staff make three invite codes in the staff page (their enrolment keys go to the journal).
    const page = await staffPage();
    await page.getByTestId('nav-invites').click();
    const codes: string[] = [];
    for (let i = 0; i < 3; i++) {
      const shown = page.getByTestId('invite-code-created');
      const previous = codes.at(-1);
      await page.getByTestId('create-invite').click();
      await expect
        .poll(async () => (await shown.count()) && (await shown.textContent()))
        .not.toBe(previous ?? 0);
      codes.push((await shown.textContent())!.trim());
    }

    const kept = await joinWith(codes[0]!);
    const removed = await joinWith(codes[1]!);
    await page.close();

    // An alert before the rotation: both workers read it.
    await publishUrgent('Leeds station', '07700 900311', 'Before the rotation: do not see him.');
    for (const w of workers) {
      await expect
        .poll(() => check(w.popup, '07700 900311'), { timeout: 60_000, interval: 500 })
        .toContain('Before the rotation');
    }

    // On-call staff on a browser profile of their own, which made none of the invites, see both
    // devices as checkable (the workers enrol at a sync: list again until both have), remove the
    // second and rotate.
    onCall = await launchWithExtension({ extensionDir });
    const onCallPage = await onCall.context.newPage();
    await onCallPage.setViewportSize({ width: 1280, height: 800 });
    onCallPage.on('dialog', (dialog) => void dialog.accept());
    await onCallPage.goto(`chrome-extension://${onCall.extensionId}/staff.html`);
    await unlock(onCallPage);
    await onCallPage.getByTestId('staff-unlocked').waitFor();
    const devices = onCallPage.getByTestId('member-device');
    await expect
      .poll(
        async () => {
          await showDevices(onCallPage);
          return devices.count();
        },
        { timeout: 30_000, interval: 500 },
      )
      .toBe(2);
    expect(await onCallPage.getByTestId('unchecked-device').count()).toBe(0);
    await devices
      .filter({ hasText: removed.invite.slice(0, 6) })
      .getByTestId('remove-device')
      .click();
    await expect.poll(() => devices.count(), { timeout: 30_000 }).toBe(1);
    expect(await devices.first().textContent()).toContain(kept.invite.slice(0, 6));
    await onCallPage.getByTestId('rotate-members-key').click();
    await expect
      .poll(() => onCallPage.getByTestId('devices-status').textContent(), { timeout: 30_000 })
      .toContain('sent to 1 device');
    await onCallPage.screenshot({ path: 'test-results/staff-devices.png', fullPage: true });

    // A new alert, published from the popup's staff tab after unlocking again from the vault
    // (made before the rotation): the unlock takes in the new epoch.
    await publishUrgent('Leeds market', '07700 900322', 'After the rotation: do not see him.');
    await expect
      .poll(() => check(kept.popup, '07700 900322'), { timeout: 60_000, interval: 500 })
      .toContain('After the rotation');

    // The removed worker has synced past it and cannot read it; the older alert stays readable.
    expect(await check(removed.popup, '07700 900322')).toMatch(/^none:/);
    await expect
      .poll(() => check(removed.popup, '07700 900311'), { timeout: 30_000, interval: 500 })
      .toContain('Before the rotation');

    // A third worker joins with the code made before the rotation: it carried only the old key.
    // The on-call page sends the current one as soon as it lists the device, and says so.
    const late = await joinWith(codes[2]!);
    await expect
      .poll(() => check(late.popup, '07700 900311'), { timeout: 60_000, interval: 500 })
      .toContain('Before the rotation');
    await expect
      .poll(
        async () => {
          await showDevices(onCallPage);
          return devices.count();
        },
        { timeout: 30_000, interval: 500 },
      )
      .toBe(2);
    await expect
      .poll(() => onCallPage.getByTestId('devices-status').textContent(), { timeout: 30_000 })
      .toContain('sent to 1 newly joined device');
    await expect
      .poll(() => check(late.popup, '07700 900322'), { timeout: 60_000, interval: 500 })
      .toContain('After the rotation');

    // A device no staff device can check: the tab warns, and rotating asks a second time.
    await enrolOutsideStaffPages();
    await showDevices(onCallPage);
    await expect
      .poll(() => onCallPage.getByTestId('unchecked-device').count(), { timeout: 30_000 })
      .toBe(1);
    await expect
      .poll(() => onCallPage.getByTestId('rotation-cut-off').textContent(), { timeout: 30_000 })
      .toContain('1 enrolled device cannot be checked here');
    const questions: string[] = [];
    onCallPage.on('dialog', (dialog) => void questions.push(dialog.message()));
    await onCallPage.getByTestId('rotate-members-key').click();
    await expect
      .poll(() => onCallPage.getByTestId('devices-status').textContent(), { timeout: 30_000 })
      .toContain('sent to 2 devices');
    expect(questions).toHaveLength(2);
    expect(questions[0]).toContain('1 enrolled device cannot be checked here');
    expect(questions[1]).toContain('Rotate anyway? 1 worker will get no new alerts');
  });
});
