import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { BrowserContext, Page, Worker } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addScheme, initNetwork, openStore } from '../../server/operator/index.js';
import { startRelay, type RunningRelay } from '../../server/relay.js';
import type { RelayStore } from '../../server/store/relay-store.js';
import { randomBytes } from '../../shared/crypto/random.js';
import { emptyReport, type ReportContent } from '../../shared/domain/report.js';
import { fromBase64UrlExact, toBase64Url } from '../../shared/encoding/bytes.js';
import { sealReport, verifyDirectory } from '../../shared/protocol/index.js';
import { createRelayClient } from '../../shared/relay-client.js';
import {
  launchWithExtension,
  type ExtensionBrowser,
  buildExtensionFor,
} from '../support/browser.js';

/**
 * Blind cross-scheme matching end to end (issue 8): two schemes added by the operator library
 * (so both vaults carry the network matching key), a report at London naming 07700 900321, a
 * report at North East naming "+44 7700 900 321". London's staff open their inbox (which
 * publishes the report's tokens); North East's report view then says another scheme holds an
 * unpublished report naming this number. When London closes its report, the match goes away.
 * Fictional identifiers only (Ofcom drama range).
 */

declare const chrome: { storage: { session: { remove(key: string): Promise<void> } } };

const CHEAP_KDF = { logN: 10, r: 8, p: 1 };
const passphrases: Record<string, string> = {};
const ids = { london: '', northEast: '' };
let work: string;
let store: RelayStore;
let relay: RunningRelay;
let browser: ExtensionBrowser;
let context: BrowserContext;
let worker: Worker;

function report(scheme: string, id: string, phone: string, area: string): ReportContent {
  const r = emptyReport(id, scheme, 'en');
  r.createdAt = Date.now() - 3_600_000;
  r.incidentTypes = ['robbery'];
  r.when = { date: '2026-11-20', timeOfDay: 'night' };
  r.where = { area, setting: 'outcall' };
  r.who.phones = [phone];
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

function matchRows(): { scheme: string; ref: string; token: string }[] {
  const db = new Database(join(work, 'relay.sqlite'), { readonly: true });
  try {
    return db.prepare('SELECT scheme, ref, token FROM match_tokens').all() as {
      scheme: string;
      ref: string;
      token: string;
    }[];
  } finally {
    db.close();
  }
}

async function staffAs(scheme: string): Promise<Page> {
  const page = await context.newPage();
  await worker.evaluate(() => chrome.storage.session.remove('staff:session'));
  await page.goto(`chrome-extension://${browser.extensionId}/staff.html`);
  await page.getByTestId('staff-scheme').selectOption(scheme);
  await page.getByTestId('staff-passphrase').fill(passphrases[scheme]!);
  await page.getByTestId('staff-unlock').click();
  await page.getByTestId('staff-unlocked').waitFor();
  await page.getByTestId('nav-inbox').click();
  await expect.poll(() => page.getByTestId('report-row').count()).toBe(1);
  return page;
}

async function openOnlyReport(page: Page) {
  await page.getByTestId('report-row').first().click();
  await page.getByTestId('consent').waitFor();
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'umn-matching-e2e-'));
  const network = await initNetwork(work, 'Matching test network');
  const rootKey = fromBase64UrlExact(network.rootPublicKey, 32)!;
  store = await openStore({ sqlitePath: join(work, 'relay.sqlite') });
  for (const [id, name, regions] of [
    ['london', 'London Ugly Mugs', ['London']],
    ['north-east', 'North East Ugly Mugs', ['Newcastle']],
  ] as const) {
    const handover = await addScheme(
      work,
      store,
      { id, name, regions: [...regions] },
      { kdfCost: CHEAP_KDF },
    );
    passphrases[id] = handover.passphrase;
  }
  relay = await startRelay({ rootPublicKey: rootKey, store });

  const client = createRelayClient(relay.url);
  const checked = await verifyDirectory(await client.directory(), rootKey);
  if (!checked.ok) throw new Error('directory did not verify');
  const boxKey = (scheme: string) =>
    fromBase64UrlExact(checked.directory.schemes.find((s) => s.id === scheme)!.boxKey, 32)!;
  ids.london = toBase64Url(randomBytes(16));
  ids.northEast = toBase64Url(randomBytes(16));
  await client.submitReport(
    sealReport(report('london', ids.london, '07700 900321', 'Camden'), boxKey('london')),
  );
  await client.submitReport(
    sealReport(
      report('north-east', ids.northEast, '+44 7700 900 321', 'Quayside'),
      boxKey('north-east'),
    ),
  );

  const outDir = join(work, 'build');
  buildExtensionFor(outDir, relay.url, network.rootPublicKey);
  browser = await launchWithExtension({
    extensionDir: join(outDir, 'chrome-mv3'),
    userDataDir: join(work, 'profile'),
  });
  context = browser.context;
  worker = browser.serviceWorker;
});

afterAll(async () => {
  await browser?.close();
  await relay?.close();
  await store?.close?.();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('blind cross-scheme matching', () => {
  it('tells North East that another scheme holds an unpublished report naming the number', async () => {
    const london = await staffAs('london');
    // Opening the inbox published London's tokens: one row, under a ref that is not the report id.
    await expect.poll(() => matchRows().filter((r) => r.scheme === 'london').length).toBe(1);
    const stored = JSON.stringify(matchRows());
    expect(stored).not.toContain(ids.london);
    expect(stored).not.toContain('900321');
    await london.close();

    const northEast = await staffAs('north-east');
    await openOnlyReport(northEast);
    const match = northEast.getByTestId('cross-scheme-match');
    await match.waitFor();
    const text = (await match.textContent()) ?? '';
    expect(text).toContain('+44 7700 900321');
    expect(text).toContain(
      'Another scheme (London Ugly Mugs) holds an unpublished report naming this number',
    );
    await expect(northEast.getByTestId('cross-scheme').textContent()).resolves.toContain(
      'Contact them',
    );
    await northEast.screenshot({
      path: 'test-results/staff-cross-scheme-match.png',
      fullPage: true,
    });
    await northEast.close();
  });

  it('withdraws London’s tokens when London closes the report, so the match goes away', async () => {
    const london = await staffAs('london');
    await openOnlyReport(london);
    // London sees North East's report in turn (North East's inbox published its tokens).
    await london.getByTestId('cross-scheme-match').waitFor();
    await london.getByTestId('report-status').selectOption('closed');
    await expect.poll(() => matchRows().filter((r) => r.scheme === 'london').length).toBe(0);
    await london.close();

    const northEast = await staffAs('north-east');
    await openOnlyReport(northEast);
    await expect
      .poll(() => northEast.getByTestId('cross-scheme').textContent())
      .toContain('No other scheme holds an unpublished report');
    await northEast.close();
  });
});
