import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toBase64Url } from '../../shared/encoding/bytes.js';
import { randomBytes } from '../../shared/crypto/random.js';
import type { AlertContent, AlertMessage } from '../../shared/domain/alert.js';
import { createInvite } from '../../shared/protocol/invite.js';
import type { SchemeSecrets } from '../../shared/protocol/keys.js';
import type { RunningRelay } from '../../server/relay.js';
import { createRelayClient } from '../../shared/relay-client.js';
import {
  launchWithExtension,
  type ExtensionBrowser,
  buildExtensionFor,
} from '../support/browser.js';
import { startSchemeNetwork, type SchemeNetwork } from '../support/scheme-network.js';

/**
 * Marks on pages already open follow the worker's choices and the alerts, without a reload: a
 * new alert is flagged, a retracted one loses its mark and card, and turning the site off or
 * erasing everything removes every mark and the card at once. Built extension in Chromium, a
 * real relay on 127.0.0.1, fictional identifiers only (Ofcom drama range).
 */

const FIRST = '+447700900123';
const SECOND = '+447700900456';

const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Chat</title></head>
<body><p id="first">Call me on 07700 900123 tonight</p>
<p id="second">Or my other phone 07700 900456</p></body></html>`;

let work: string;
let network: SchemeNetwork;
let relay: RunningRelay;
let secrets: SchemeSecrets;
let site: Server;
let siteUrl: string;
let browser: ExtensionBrowser;

function alert(phone: string, area: string): AlertContent {
  const now = Date.now();
  return {
    v: 1,
    kind: 'alert',
    id: toBase64Url(randomBytes(16)),
    scheme: 'north-east',
    revision: 1,
    issuedAt: now - 86_400_000,
    expiresAt: now + 30 * 86_400_000,
    regions: ['north-east'],
    area,
    incidentDate: '2026-11-28',
    severity: 'critical',
    incidentTypes: ['robbery'],
    setting: 'outcall',
    identifiers: [{ kind: 'phone', value: phone }],
    advice: ['do-not-book'],
    description: 'Took the money back by force.',
  };
}

function publish(message: AlertMessage): Promise<void> {
  return network.publish(message);
}

async function openPopup(): Promise<Page> {
  const popup = await browser.context.newPage();
  await popup.goto(`chrome-extension://${browser.extensionId}/popup.html`);
  return popup;
}

/** Asks the service worker to sync now, from an extension page, as the popup's button does. */
async function syncNow(): Promise<void> {
  const popup = await openPopup();
  await popup.evaluate(() =>
    (
      globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<void> } } }
    ).chrome.runtime.sendMessage({ type: 'umn:sync' }),
  );
  await popup.close();
}

/** Presses the popup's site switch and waits for the state it leads to. */
async function switchSite(to: 'on' | 'off'): Promise<void> {
  const popup = await openPopup();
  await popup.getByTestId('site-origin').fill(siteUrl);
  const status = popup.getByTestId('site-status');
  const from = to === 'on' ? /is off/ : /is on/;
  await expect.poll(() => status.textContent(), { timeout: 30_000 }).toMatch(from);
  await popup.getByTestId('enable-site').click();
  await expect
    .poll(() => status.textContent(), { timeout: 30_000 })
    .toMatch(to === 'on' ? /is on/ : /is off/);
  await popup.close();
}

/** What the page shows: flagged element ids, highlighted ranges, and whether a card is open. */
function marksOn(page: Page) {
  return page.evaluate(() => ({
    flagged: [...document.querySelectorAll('[data-umn-flag]')].map((e) => e.id).sort(),
    highlighted: CSS.highlights.get('umn-flag')?.size ?? 0,
    card: document.querySelectorAll('umn-alert-card[data-open]').length,
  }));
}

/** Clicks an element in the page and counts open cards straight after (the card is closed). */
function clickOpensCard(page: Page, selector: string): Promise<number> {
  return page.evaluate((target) => {
    (document.querySelector(target) as HTMLElement).click();
    return document.querySelectorAll('umn-alert-card[data-open]').length;
  }, selector);
}

const first = alert(FIRST, 'Newcastle');

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'umn-marks-'));
  network = await startSchemeNetwork(work, 'Marks test network');
  ({ relay, secrets } = network);
  await publish(first);

  site = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(PAGE);
  });
  await new Promise<void>((done) => site.listen(0, '127.0.0.1', done));
  siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;

  const outDir = join(work, 'build');
  buildExtensionFor(outDir, relay.url, network.rootPublicKey);
  browser = await launchWithExtension({ extensionDir: join(outDir, 'chrome-mv3') });

  const invite = createInvite('north-east', secrets.members, Date.now() + 86_400_000);
  await createRelayClient(relay.url).createInvite(secrets, invite.record);
  const popup = await openPopup();
  await popup.getByTestId('invite-code').fill(invite.code.text);
  await popup.getByTestId('join').click();
  await popup.getByTestId('check-input').waitFor({ timeout: 30_000 });
  await popup.close();
});

afterAll(async () => {
  await browser?.close().catch(() => undefined);
  await new Promise((done) => site?.close(done));
  await network?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('marks on open pages', () => {
  let page: Page;

  it('flag a newly published alert and drop a retracted one without a reload', async () => {
    await browser.grantSite(siteUrl);
    await switchSite('on');
    page = await browser.context.newPage();
    await page.goto(`${siteUrl}/chat.html`);
    await expect
      .poll(() => marksOn(page), { timeout: 20_000 })
      .toEqual({ flagged: ['first'], highlighted: 1, card: 0 });

    await publish(alert(SECOND, 'Sunderland'));
    await syncNow();
    await expect
      .poll(() => marksOn(page), { timeout: 20_000 })
      .toEqual({ flagged: ['first', 'second'], highlighted: 2, card: 0 });

    // The worker has the retracted alert's card open when the retraction arrives.
    await page.click('#first');
    await expect.poll(() => page.locator('umn-alert-card[data-open]').count()).toBe(1);
    await publish({
      v: 1,
      kind: 'retraction',
      id: toBase64Url(randomBytes(16)),
      scheme: 'north-east',
      alertId: first.id,
      issuedAt: Date.now(),
    });
    await syncNow();
    await expect
      .poll(() => marksOn(page), { timeout: 20_000 })
      .toEqual({ flagged: ['second'], highlighted: 1, card: 0 });

    // Clicking where the stale mark was opens nothing; the live mark still opens its card. The
    // card opens in the click's own dispatch, so the count right after it is the answer.
    expect(await clickOpensCard(page, '#first')).toBe(0);
    expect(await clickOpensCard(page, '#second')).toBe(1);
  });

  it('remove every mark and the card at once when the site is turned off', async () => {
    expect((await marksOn(page)).card).toBe(1);
    await switchSite('off');
    await expect
      .poll(() => marksOn(page), { timeout: 20_000 })
      .toEqual({ flagged: [], highlighted: 0, card: 0 });

    // New content is no longer read: the scanner stopped, not only its marks.
    await page.evaluate(() =>
      document.body.insertAdjacentHTML('beforeend', '<p id="late">07700 900456 again</p>'),
    );
    // Turning the site on again starts a scanner in the open tab, which sees the new line too.
    await browser.grantSite(siteUrl);
    await switchSite('on');
    await expect
      .poll(() => marksOn(page), { timeout: 20_000 })
      .toEqual({ flagged: ['late', 'second'], highlighted: 2, card: 0 });
  });

  it('remove every mark when everything on the device is erased', async () => {
    await page.click('#second');
    await expect.poll(() => page.locator('umn-alert-card[data-open]').count()).toBe(1);
    const popup = await openPopup();
    const erased = await popup.evaluate(() =>
      (
        globalThis as unknown as {
          chrome: { runtime: { sendMessage(m: unknown): Promise<{ ok: boolean }> } };
        }
      ).chrome.runtime.sendMessage({ type: 'umn:erase' }),
    );
    expect(erased.ok).toBe(true);
    await popup.close();
    await expect
      .poll(() => marksOn(page), { timeout: 20_000 })
      .toEqual({ flagged: [], highlighted: 0, card: 0 });
    await page.close();
  });
});
