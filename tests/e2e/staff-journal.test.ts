import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addScheme, initNetwork, openStore, rekeyScheme } from '../../server/operator/index.js';
import { startRelay, type RunningRelay } from '../../server/relay.js';
import type { RelayStore } from '../../server/store/relay-store.js';
import { randomBytes } from '../../shared/crypto/random.js';
import { emptyReport, type ReportContent } from '../../shared/domain/report.js';
import { fromBase64UrlExact, toBase64Url } from '../../shared/encoding/bytes.js';
import {
  createStaffVault,
  sealReport,
  unlockStaffVault,
  verifyDirectory,
} from '../../shared/protocol/index.js';
import { createRelayClient } from '../../shared/relay-client.js';
import {
  launchWithExtension,
  type ExtensionBrowser,
  buildExtensionFor,
} from '../support/browser.js';

/**
 * The scheme staff journal end to end (issue 8): two staff members of one scheme, each with their
 * own passphrase, in two browser profiles. One moves a report to "In review"; the other, after a
 * refresh, sees the status and the colleague's signed audit entries, and the chain verifies on
 * both. Fictional identifiers only (Ofcom drama range).
 */

const CHEAP_KDF = { logN: 10, r: 8, p: 1 };
const SECOND_PASSPHRASE = 'second staff member own passphrase words';
let work: string;
let store: RelayStore;
let relay: RunningRelay;
let passphrase: string;
let alice: ExtensionBrowser;
let bob: ExtensionBrowser;
let alicePage: Page;
let bobPage: Page;
const staffIds = { alice: '', bob: '' };

function sampleReport(id: string): ReportContent {
  const r = emptyReport(id, 'north-east', 'en');
  r.createdAt = Date.now() - 3_600_000;
  r.incidentTypes = ['robbery'];
  r.when = { date: '2026-11-20', timeOfDay: 'night' };
  r.where = { area: 'Quayside', setting: 'outcall' };
  r.who.phones = ['07700 900654'];
  r.narrative = 'He took the money back.';
  r.consent = {
    workerAlert: true,
    otherSchemes: false,
    policeIntelligence: false,
    policeIdentified: false,
    reply: false,
  };
  return r;
}

async function unlock(browser: ExtensionBrowser, words: string): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(`chrome-extension://${browser.extensionId}/staff.html`);
  await page.getByTestId('staff-scheme').selectOption('north-east');
  await page.getByTestId('staff-passphrase').fill(words);
  await page.getByTestId('staff-unlock').click();
  await page.getByTestId('staff-unlocked').waitFor();
  await page.getByTestId('nav-inbox').click();
  await expect.poll(() => page.getByTestId('report-row').count()).toBe(1);
  return page;
}

/** The audit page's rows as [who, what] text, after a refresh that reads the relay. */
async function auditRows(page: Page): Promise<string[]> {
  await page.getByTestId('nav-audit').click();
  await page.getByTestId('audit-check').waitFor();
  return page.getByTestId('audit-entry').allTextContents();
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'umn-journal-e2e-'));
  const network = await initNetwork(work, 'Journal test network');
  const rootKey = fromBase64UrlExact(network.rootPublicKey, 32)!;
  store = await openStore({ sqlitePath: join(work, 'relay.sqlite') });
  const handover = await addScheme(
    work,
    store,
    { id: 'north-east', name: 'North East Ugly Mugs', regions: ['Newcastle'] },
    { kdfCost: CHEAP_KDF },
  );
  passphrase = handover.passphrase;

  // A second staff member with their own vault, as "Add a staff member" makes one.
  const [first] = await store.listVaults('north-east');
  const opened = await unlockStaffVault(first, passphrase);
  if (!opened.ok) throw new Error('the operator’s vault did not open');
  staffIds.alice = first!.staff;
  staffIds.bob = toBase64Url(randomBytes(16));
  await store.putVault(
    await createStaffVault(opened.secrets, SECOND_PASSPHRASE, staffIds.bob, CHEAP_KDF),
  );
  relay = await startRelay({ rootPublicKey: rootKey, store });

  const client = createRelayClient(relay.url);
  const checked = await verifyDirectory(await client.directory(), rootKey);
  if (!checked.ok) throw new Error('directory did not verify');
  const boxKey = fromBase64UrlExact(checked.directory.schemes[0]!.boxKey, 32)!;
  await client.submitReport(sealReport(sampleReport(toBase64Url(randomBytes(16))), boxKey));

  const outDir = join(work, 'build');
  buildExtensionFor(outDir, relay.url, network.rootPublicKey);
  const extensionDir = join(outDir, 'chrome-mv3');
  alice = await launchWithExtension({ extensionDir, userDataDir: join(work, 'profile-a') });
  bob = await launchWithExtension({ extensionDir, userDataDir: join(work, 'profile-b') });
});

afterAll(async () => {
  await alice?.close();
  await bob?.close();
  await relay?.close();
  await store?.close?.();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('scheme staff journal', () => {
  it('shows one staff member’s status change and audit entries to a colleague', async () => {
    alicePage = await unlock(alice, passphrase);
    bobPage = await unlock(bob, SECOND_PASSPHRASE);
    await expect.poll(() => bobPage.getByTestId('report-row-status').textContent()).toBe('New');

    await alicePage.getByTestId('report-row').click();
    await alicePage.getByTestId('report-status').selectOption('in-review');
    await alicePage.getByTestId('nav-inbox').click();
    await expect
      .poll(() => alicePage.getByTestId('report-row-status').textContent())
      .toBe('In review');
    await expect
      .poll(() => alicePage.getByTestId('journal-state').textContent())
      .toContain('up to date');

    // Bob's device learns it from the relay: a refresh reads the journal.
    await bobPage.getByTestId('inbox-refresh').click();
    await expect
      .poll(() => bobPage.getByTestId('report-row-status').textContent())
      .toBe('In review');

    const seenByBob = await auditRows(bobPage);
    const aliceShort = staffIds.alice.slice(0, 6);
    expect(seenByBob.some((row) => row.includes(aliceShort) && row.includes('In review'))).toBe(
      true,
    );
    expect(
      seenByBob.some((row) => row.includes(aliceShort) && row.includes('Opened a report')),
    ).toBe(true);
    await expect(bobPage.getByTestId('audit-check').textContent()).resolves.toContain(
      'Chain intact',
    );
    await bobPage.screenshot({ path: 'test-results/staff-journal-audit.png', fullPage: true });

    // And back: Bob closes the report; Alice's audit page shows Bob's entry after its refresh.
    await bobPage.getByTestId('nav-inbox').click();
    await bobPage.getByTestId('report-row').click();
    await bobPage.getByTestId('report-status').selectOption('closed');
    await bobPage.getByTestId('nav-inbox').click();
    await expect.poll(() => bobPage.getByTestId('report-row-status').textContent()).toBe('Closed');

    const bobShort = staffIds.bob.slice(0, 6);
    await alicePage.getByTestId('nav-audit').click();
    await expect
      .poll(async () => {
        await alicePage.getByTestId('audit-refresh').click();
        const rows = await alicePage.getByTestId('audit-entry').allTextContents();
        return rows.some((row) => row.includes(bobShort) && row.includes('Closed'));
      })
      .toBe(true);
    await expect(alicePage.getByTestId('audit-check').textContent()).resolves.toContain(
      'Chain intact',
    );
    await alicePage.getByTestId('nav-inbox').click();
    await expect
      .poll(() => alicePage.getByTestId('report-row-status').textContent())
      .toBe('Closed');

    // The relay holds the journal sealed: no status word, note or staff id in clear.
    const stored = JSON.stringify(await store.listJournal('north-east', 0, 500));
    expect(stored).not.toContain('in-review');
    expect(stored).not.toContain(staffIds.alice);
  });

  it('carries the shared log over a re-key for remaining staff, never for the removed one', async () => {
    // Bob is removed on bad terms: the operator re-keys, Alice's lead vault is the only new one.
    const handover = await rekeyScheme(work, store, 'north-east', { kdfCost: CHEAP_KDF });
    await alicePage.getByTestId('staff-lock').click();
    await alicePage.getByTestId('staff-scheme').waitFor();
    // A fresh page reads the re-signed directory.
    await alicePage.reload();
    await alicePage.getByTestId('staff-scheme').selectOption('north-east');
    await alicePage.getByTestId('staff-passphrase').fill(handover.passphrase);
    await alicePage.getByTestId('staff-unlock').click();
    await alicePage.getByTestId('staff-unlocked').waitFor();

    // The log of before is sealed with the old keys: refused, and offered to be carried over.
    await alicePage.getByTestId('nav-audit').click();
    await alicePage.getByTestId('audit-carry').waitFor();
    await expect(alicePage.getByTestId('audit-check').textContent()).resolves.toContain(
      'does not open',
    );
    await alicePage.getByTestId('audit-carry-passphrase').fill(passphrase);
    await alicePage.getByTestId('audit-carry').getByRole('button').click();
    await expect
      .poll(() => alicePage.getByTestId('audit-check').textContent())
      .toContain('Chain intact');
    const rows = await alicePage.getByTestId('audit-entry').allTextContents();
    expect(rows[0]).toContain('Carried the shared log over a re-key');
    expect(
      rows.some((row) => row.includes(staffIds.bob.slice(0, 6)) && row.includes('Closed')),
    ).toBe(true);
    await alicePage.screenshot({ path: 'test-results/staff-journal-rekey.png', fullPage: true });

    // Bob's passphrase no longer unlocks anything: his vault is gone with the old keys.
    await bobPage.getByTestId('staff-lock').click();
    await bobPage.getByTestId('staff-scheme').waitFor();
    // A fresh page reads the re-signed directory.
    await bobPage.reload();
    await bobPage.getByTestId('staff-scheme').selectOption('north-east');
    await bobPage.getByTestId('staff-passphrase').fill(SECOND_PASSPHRASE);
    await bobPage.getByTestId('staff-unlock').click();
    await expect(bobPage.getByTestId('unlock-error').textContent()).resolves.toContain(
      'did not unlock',
    );
  });
});
