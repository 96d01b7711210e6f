import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { connect, createServer as createTcpServer, type Server as NetServer } from 'node:net';
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
import { scannerPage } from './extension-pages.js';

/**
 * The worker's extension, built for a real relay and loaded in Chromium: joining with an invite,
 * sync that survives the service worker being stopped, checks that never touch the network,
 * retractions, and the page scanner on an enabled site (split numbers, links, shadow roots,
 * frames, content added later, no layout shift, no marks in form fields). Only fictional
 * identifiers (Ofcom drama range, example.com).
 */

const FLAGGED = '+447700900123';
const SECOND = '+447700900456';
const ADVICE_WORDS = 'Do not book this client.';

let work: string;
let network: SchemeNetwork;
let relay: RunningRelay;
let secrets: SchemeSecrets;
let extensionDir: string;
let site: Server;
let siteUrl: string;
let browser: ExtensionBrowser;
let proxy: NetServer;
/** Raw bytes the extension sent towards the relay (through a recording TCP proxy). */
const relayTraffic: Buffer[] = [];
const shots = 'test-results/extension';

function alert(phone: string, area: string, change: Partial<AlertContent> = {}): AlertContent {
  const now = Date.now();
  return {
    v: 1,
    kind: 'alert',
    id: toBase64Url(randomBytes(16)),
    scheme: 'north-east',
    revision: 1,
    issuedAt: now - 3 * 86_400_000,
    expiresAt: now + 30 * 86_400_000,
    regions: ['north-east'],
    area,
    incidentDate: '2026-11-28',
    severity: 'critical',
    incidentTypes: ['physical-assault', 'robbery'],
    setting: 'outcall',
    identifiers: [
      { kind: 'phone', value: phone },
      { kind: 'email', value: 'client@example.com' },
    ],
    advice: ['do-not-book', 'work-with-buddy'],
    description: 'Became violent when asked for payment. <img src=x onerror=alert(1)>',
    ...change,
  };
}

function publish(message: AlertMessage): Promise<void> {
  return network.publish(message);
}

async function openPopup(): Promise<Page> {
  const popup = await browser.context.newPage();
  await popup.setViewportSize({ width: 380, height: 600 });
  await popup.goto(`chrome-extension://${browser.extensionId}/popup.html`);
  return popup;
}

/**
 * Turns flagging on for a site from the popup, as a worker does. The site was granted with
 * `grantSite` first (automation cannot answer the browser's prompt), so the request resolves
 * at once. Waits for the popup to read the site's state before pressing: pressing earlier
 * reads as "turn off" or as a missing address.
 */
async function enableSite(popup: Page, origin: string): Promise<void> {
  await popup.getByTestId('site-origin').fill(origin);
  const status = popup.getByTestId('site-status');
  await expect.poll(() => status.textContent(), { timeout: 30_000 }).toMatch(/is off/);
  await popup.getByTestId('enable-site').click();
  await expect.poll(() => status.textContent(), { timeout: 30_000 }).toMatch(/is on/);
}

/** The toolbar button's title and badge, as the browser shows them. */
function toolbar(page: Page): Promise<{ title: string; badge: string }> {
  type Chrome = {
    chrome: {
      action: { getTitle(d: object): Promise<string>; getBadgeText(d: object): Promise<string> };
    };
  };
  return page.evaluate(async () => {
    const { action } = (globalThis as unknown as Chrome).chrome;
    return { title: await action.getTitle({}), badge: await action.getBadgeText({}) };
  });
}

async function check(popup: Page, text: string): Promise<string> {
  const input = popup.getByTestId('check-input');
  await input.fill(text);
  // A match's alerts are read from IndexedDB first ("Loading alerts…" until the answer is shown).
  const result = popup.getByTestId('check-result');
  await result.locator('[data-answer]').first().waitFor({ timeout: 20_000 });
  return (await result.textContent()) ?? '';
}

const firstAlert = alert(FLAGGED, 'Newcastle');

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'umn-extension-'));
  mkdirSync(shots, { recursive: true });
  network = await startSchemeNetwork(work, 'Extension test network');
  ({ relay, secrets } = network);
  await publish(firstAlert);

  site = createServer((request, response) => {
    const page = scannerPage(request.url ?? '/');
    response.writeHead(page ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
    response.end(page ?? 'not found');
  });
  await new Promise<void>((done) => site.listen(0, '127.0.0.1', done));
  siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;

  // The extension talks to the relay through a TCP proxy that records every byte it sends, so a
  // test can prove no request carried what was being checked.
  const relayPort = Number(new URL(relay.url).port);
  proxy = createTcpServer((socket) => {
    const upstream = connect(relayPort, '127.0.0.1');
    socket.on('data', (chunk) => relayTraffic.push(Buffer.from(chunk)));
    socket.pipe(upstream).pipe(socket);
    socket.on('error', () => upstream.destroy());
    upstream.on('error', () => socket.destroy());
  });
  await new Promise<void>((done) => proxy.listen(0, '127.0.0.1', done));
  const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;

  const outDir = join(work, 'build');
  buildExtensionFor(outDir, proxyUrl, network.rootPublicKey);
  extensionDir = join(outDir, 'chrome-mv3');
  browser = await launchWithExtension({ extensionDir });
});

afterAll(async () => {
  await browser?.close().catch(() => undefined);
  await new Promise((done) => site?.close(done));
  await new Promise((done) => proxy?.close(done));
  await network?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('worker extension', () => {
  it('joins with an invite typed with a typo caught first, and syncs the alert', async () => {
    const invite = createInvite('north-east', secrets.members, Date.now() + 86_400_000);
    await createRelayClient(relay.url).createInvite(secrets, invite.record);

    const popup = await openPopup();
    await popup.screenshot({ path: `${shots}/popup-onboarding.png` });
    const typo = invite.code.text.slice(0, -1) + (invite.code.text.endsWith('A') ? 'B' : 'A');
    await popup.getByTestId('invite-code').fill(typo);
    await popup.getByTestId('join').click();
    await expect.poll(() => popup.getByTestId('join-error').textContent()).toMatch(/mistyped/);
    // Said once, not under the field and again under the button.
    expect(await popup.getByText(/mistyped/).count()).toBe(1);
    // "I am scheme staff" folds the join form away below the staff part; shown again, what was
    // typed is still there.
    await popup.getByTestId('i-am-staff').click();
    await popup.getByTestId('join-folded').locator('summary').click();
    expect(await popup.getByTestId('invite-code').inputValue()).toBe(typo);

    await popup.getByTestId('invite-code').fill(invite.code.text.toLowerCase());
    const joinStarted = Date.now();
    await popup.getByTestId('join').click();
    await popup.getByTestId('check-input').waitFor({ timeout: 30_000 });
    console.log(`join answered in ${Date.now() - joinStarted} ms`);
    await popup.screenshot({ path: `${shots}/popup-joined.png` });
    // The join form's look was left as it was: discreet, in the toolbar and in Settings alike.
    await expect.poll(() => toolbar(popup).then((look) => look.title)).toBe('Notes');
    await popup.getByTestId('tab-settings').click();
    expect(await popup.getByTestId('discreet').isChecked()).toBe(true);
    await popup.reload();
    await expect
      .poll(() => check(popup, '07700 900 123'), { timeout: 20_000 })
      .toContain(ADVICE_WORDS);
    await popup.close();
  });

  it('answers checks offline in plain words and sends nothing while checking', async () => {
    const popup = await openPopup();
    const pageRequests: string[] = [];
    browser.context.on('request', (request) => pageRequests.push(request.url()));
    const relayBytesBefore = relayTraffic.length;

    const match = await check(popup, '+44 (0)7700-900123');
    expect(match).toContain(ADVICE_WORDS);
    expect(match).toContain('Newcastle');
    expect(match).toMatch(/Critical/);
    expect(match).toContain('Physical assault');
    // The card's number is grouped as soon as the answer shows (the formatter loads after the
    // first paint, with the check's reader): never seen regrouping.
    expect(await popup.getByTestId('alert-identifiers').first().textContent()).toContain(
      '+44 7700 900123',
    );
    // The scheme's free text is shown as text, never parsed as markup.
    expect(match).toContain('<img src=x onerror=alert(1)>');
    expect(await popup.locator('[data-testid="check-result"] img').count()).toBe(0);
    await popup.screenshot({ path: `${shots}/popup-match.png` });

    expect(await check(popup, 'CLIENT@Example.com')).toContain(ADVICE_WORDS);
    expect(await check(popup, 'ends in 123')).toContain(ADVICE_WORDS);
    // The last digits typed with their 0: checked as the end of a number as well as its start.
    const lastDigits = await check(popup, '0123');
    // The digits are kept left to right by Unicode isolates (U+2066 … U+2069).
    expect(lastDigits).toContain('ends in \u20660123\u2069');
    expect(lastDigits).toContain(ADVICE_WORDS);
    await popup.screenshot({ path: `${shots}/popup-partial-two-readings.png` });

    const none = await check(popup, '07700 900999');
    expect(none).toMatch(/No reports found/);
    expect(none).toMatch(/does not mean this client is safe/);
    // "safe" appears only in the sentence that says the answer does not mean it.
    expect(none.replace('does not mean this client is safe', '')).not.toMatch(/safe/i);
    await popup.screenshot({ path: `${shots}/popup-no-reports.png` });

    // Every byte the extension sent to the relay while checking, and every page request.
    const sent = Buffer.concat(relayTraffic.slice(relayBytesBefore)).toString('latin1');
    for (const needle of ['7700', '900123', '900999', 'example.com', 'CLIENT', 'ends in']) {
      expect(sent.includes(needle), needle).toBe(false);
    }
    expect(pageRequests.filter((url) => /7700|9001|example\.com/i.test(url))).toEqual([]);
    await popup.close();
  });

  it('survives the service worker being stopped: no lost or repeated alert', async () => {
    await browser.stopServiceWorker();
    const second = alert(SECOND, 'Sunderland', { severity: 'medium', incidentTypes: ['threats'] });
    await publish(second);
    // A correction of the first alert (a higher revision) must replace it, not add a copy.
    await publish({ ...firstAlert, revision: 2, area: 'Gateshead' });

    await browser.currentServiceWorker();
    const popup = await openPopup();
    await expect
      .poll(() => check(popup, '07700 900456'), { timeout: 20_000 })
      .toContain('Sunderland');
    const corrected = await check(popup, '07700 900123');
    expect(corrected).toContain('Gateshead');
    expect(corrected).not.toContain('Newcastle');
    expect(corrected).toMatch(/1 alert matches/);

    await popup.getByTestId('tab-alerts').click();
    await expect.poll(() => popup.getByTestId('alert-card').count()).toBe(2);
    // The list waits for the phone formatter, so its numbers show grouped at once.
    const numbers = await popup.getByTestId('alert-identifiers').allTextContents();
    expect(numbers.join(' ')).toContain('+44 7700 900456');
    await popup.screenshot({ path: `${shots}/popup-recent.png` });
    await popup.getByTestId('tab-settings').click();
    await popup.getByTestId('discreet').waitFor();
    await popup.screenshot({ path: `${shots}/popup-settings.png` });
    await popup.close();
  });

  it('flags numbers on an enabled site without moving the page or touching fields', async () => {
    await browser.grantSite(siteUrl);
    const popup = await openPopup();
    await enableSite(popup, siteUrl);
    await popup.close();

    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 1000, height: 900 });
    await page.goto(`${siteUrl}/messages.html`);
    const before = await page.evaluate(() =>
      [...document.querySelectorAll('[data-probe]')].map((e) => e.getBoundingClientRect().top),
    );

    const flags = page.locator('[data-umn-flag]');
    await expect.poll(() => flags.count(), { timeout: 20_000 }).toBeGreaterThanOrEqual(4);
    const flagged = await page.evaluate(() =>
      [...document.querySelectorAll('[data-umn-flag]')].map((e) => e.id || e.tagName),
    );
    expect(flagged).toEqual(expect.arrayContaining(['plain', 'split', 'tel-link', 'email']));
    for (const untouched of ['field', 'editable', 'unrelated', 'other-number']) {
      expect(flagged).not.toContain(untouched);
    }
    const inShadow = await page.evaluate(
      () => !!document.querySelector('#shadow-host')!.shadowRoot!.querySelector('[data-umn-flag]'),
    );
    expect(inShadow).toBe(true);
    const inFrame = page.frameLocator('#same-origin-frame').locator('[data-umn-flag]');
    await expect.poll(() => inFrame.count(), { timeout: 10_000 }).toBe(1);
    expect(await page.inputValue('#field')).toBe('07700 900123');

    const after = await page.evaluate(() =>
      [...document.querySelectorAll('[data-probe]')].map((e) => e.getBoundingClientRect().top),
    );
    expect(after).toEqual(before);

    // A messaging app adds a message after load: it is flagged when it appears.
    await page.evaluate(() => (window as unknown as { addMessage(): void }).addMessage());
    await expect
      .poll(() => page.locator('#late [data-umn-flag], #late[data-umn-flag]').count(), {
        timeout: 10_000,
      })
      .toBe(1);

    // Hovering a flagged number opens the card, which holds the alert.
    await page.hover('#plain');
    await expect.poll(() => page.locator('umn-alert-card[data-open]').count()).toBe(1);
    await page.screenshot({ path: `${shots}/page-flagged.png` });

    // Removing the flagged message (while the pointer rests on its card) closes the card, and
    // leaves no mark behind.
    const plain = (await page.locator('#plain').boundingBox())!;
    await page.mouse.move(plain.x + 30, plain.y + plain.height + 40);
    await page.waitForTimeout(700);
    expect(await page.locator('umn-alert-card[data-open]').count()).toBe(1);
    await page.evaluate(() => document.querySelector('#plain')!.remove());
    await expect.poll(() => page.locator('umn-alert-card[data-open]').count()).toBe(0);
    expect(await page.evaluate(() => document.querySelectorAll('#plain').length)).toBe(0);
    await page.close();
  });

  it('registers the scanner again when the worker starts without it (browser restart)', async () => {
    type Scripting = {
      chrome: {
        scripting: {
          unregisterContentScripts(): Promise<void>;
          getRegisteredContentScripts(): Promise<unknown[]>;
        };
      };
    };
    // Chromium forgets dynamic content scripts across restarts: simulate it, then restart.
    const before = await browser.currentServiceWorker();
    await before.evaluate(() =>
      (globalThis as unknown as Scripting).chrome.scripting.unregisterContentScripts(),
    );
    await browser.stopServiceWorker();
    const worker = await browser.currentServiceWorker();
    await expect
      .poll(() =>
        worker.evaluate(
          async () =>
            (
              await (
                globalThis as unknown as Scripting
              ).chrome.scripting.getRegisteredContentScripts()
            ).length,
        ),
      )
      .toBe(1);

    const page = await browser.context.newPage();
    await page.goto(`${siteUrl}/messages.html`);
    await expect
      .poll(() => page.locator('#plain[data-umn-flag]').count(), { timeout: 20_000 })
      .toBe(1);
    await page.close();
  });

  it('shows unread alerts on the badge and hides everything telling in discreet mode', async () => {
    const popup = await openPopup();
    const title = () => toolbar(popup).then((look) => look.title);
    // Discreet since joining (the join form's default).
    expect(await title()).toBe('Notes');
    await popup.getByTestId('tab-settings').click();
    await popup.getByTestId('discreet').uncheck();
    await expect.poll(title).toBe('Ugly Mugs Network');
    await popup.getByTestId('discreet').check();
    await expect.poll(title).toBe('Notes');
    const { badge } = await toolbar(popup);
    expect(badge === '' || badge === '•').toBe(true);
    await popup.reload();
    await expect.poll(() => popup.title()).toBe('Notes');
    await popup.screenshot({ path: `${shots}/popup-discreet.png` });
    // The extension's other pages, whose titles stay in the browser's history, say nothing either.
    for (const name of ['onboarding', 'report']) {
      const page = await browser.context.newPage();
      await page.goto(`chrome-extension://${browser.extensionId}/${name}.html`);
      await expect.poll(() => page.title()).toBe('Notes');
      if (name === 'onboarding') {
        await page.locator('h1').waitFor();
        expect(await page.locator('h1').textContent()).not.toContain('Ugly Mugs');
      }
      await page.close();
    }

    await popup.getByTestId('tab-settings').click();
    await popup.getByTestId('discreet').uncheck();
    await expect.poll(title).toBe('Ugly Mugs Network');
    await popup.close();

    const tab = await browser.context.newPage();
    await tab.setViewportSize({ width: 1280, height: 800 });
    await tab.goto(`chrome-extension://${browser.extensionId}/options.html`);
    await tab.getByTestId('discreet').waitFor();
    await tab.screenshot({ path: `${shots}/options-full-tab.png` });
    await tab.goto(`chrome-extension://${browser.extensionId}/popup.html`);
    await tab.getByTestId('check-input').fill('07700 900123');
    await tab.getByTestId('alert-card').first().waitFor();
    await tab.screenshot({ path: `${shots}/popup-full-tab.png` });
    await tab.close();
  });

  it('checks text selected on a page ("Check this number") without putting it in a URL', async () => {
    const setup = await openPopup();
    // What the context menu's handler stores: session storage, memory only.
    await setup.evaluate(() =>
      (
        globalThis as unknown as {
          chrome: { storage: { session: { set(v: object): Promise<void> } } };
        }
      ).chrome.storage.session.set({ 'umn:pending-check': 'call 07700 900456' }),
    );
    await setup.close();

    const popup = await openPopup();
    expect(await popup.getByTestId('check-input').inputValue()).toBe('call 07700 900456');
    await expect
      .poll(() => popup.getByTestId('check-result').textContent())
      .toContain('Sunderland');
    expect(popup.url()).not.toContain('7700');
    await popup.reload();
    expect(await popup.getByTestId('check-input').inputValue()).toBe('');
    await popup.close();
  });

  it('lets a site learn at most 5 alerted numbers, however many it writes into its page', async () => {
    // Six more alerted numbers: with 07700 900123, seven of the page's 300 are on the list.
    for (let n = 601; n <= 606; n++) await publish(alert(`+447700900${n}`, 'Durham'));
    const popup = await openPopup();
    await popup.evaluate(() =>
      (
        globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<void> } } }
      ).chrome.runtime.sendMessage({ type: 'umn:sync' }),
    );
    await expect.poll(() => check(popup, '07700 900606'), { timeout: 20_000 }).toContain('Durham');
    await popup.close();

    // Another origin (localhost, not 127.0.0.1), so earlier tests' flags do not count here.
    const otherSite = siteUrl.replace('127.0.0.1', 'localhost');
    await browser.grantSite(otherSite);
    const toggle = await openPopup();
    await enableSite(toggle, otherSite);
    await toggle.close();
    const worker = await browser.currentServiceWorker();
    type Api = {
      chrome: {
        scripting: { getRegisteredContentScripts(): Promise<{ matches?: string[] }[]> };
        tabs: { query(q: object): Promise<{ id: number }[]> };
        action: { getBadgeText(d: object): Promise<string> };
      };
    };
    await expect
      .poll(() =>
        worker.evaluate(async () =>
          (
            await (globalThis as unknown as Api).chrome.scripting.getRegisteredContentScripts()
          ).flatMap((script) => script.matches ?? []),
        ),
      )
      .toContain('http://localhost/*');
    const page = await browser.context.newPage();
    await page.goto(`${otherSite}/harvest`);
    await page.evaluate(() => {
      document.body.innerHTML = Array.from(
        { length: 300 },
        (_, i) => `<p>07700 900${String(600 + i).padStart(3, '0')}</p>`,
      ).join('');
      document.body.insertAdjacentHTML('beforeend', '<p>07700 900123</p>');
    });
    const flagged = () => page.evaluate(() => document.querySelectorAll('[data-umn-flag]').length);
    await expect.poll(flagged, { timeout: 20_000 }).toBe(5);
    await page.waitForTimeout(1500);
    expect(await flagged()).toBe(5);

    // The worker is told outside the page: the tab's badge.
    const badge = await worker.evaluate(async (url) => {
      const api = (globalThis as unknown as Api).chrome;
      const [tab] = await api.tabs.query({ url: `${url}/*` });
      return api.action.getBadgeText({ tabId: tab!.id });
    }, otherSite);
    expect(badge).toBe('!');
    await page.close();
  });

  it('applies a retraction: the alert disappears from checks, in a popup left open too', async () => {
    // A popup already open and showing the match, as a worker leaves it.
    const popup = await openPopup();
    expect(await check(popup, '07700 900123')).toContain('1 alert matches');
    // Its own sync at opening is over and its check index read: what follows is neither.
    await popup.waitForFunction(
      () =>
        performance.getEntriesByName('umn:opening-sync-done').length > 0 &&
        performance.getEntriesByName('umn:check-index-ready').length > 0,
      undefined,
      { timeout: 20_000 },
    );
    await publish({
      v: 1,
      kind: 'retraction',
      id: toBase64Url(randomBytes(16)),
      scheme: 'north-east',
      alertId: firstAlert.id,
      issuedAt: Date.now(),
    });
    // The sync runs in the service worker, asked from another page: the open popup hears of
    // the change and answers again without anything typed.
    const other = await openPopup();
    await other.evaluate(() =>
      (
        globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<void> } } }
      ).chrome.runtime.sendMessage({ type: 'umn:sync' }),
    );
    await other.close();
    const result = popup.getByTestId('check-result');
    await expect.poll(() => result.textContent(), { timeout: 20_000 }).toMatch(/No reports found/);
    expect(await check(popup, '07700 900456')).toContain('Sunderland');
    await popup.close();
  });

  it('leaves and erases everything after a confirm step, then shows onboarding', async () => {
    const popup = await openPopup();
    // Their names alone show in the browser's profile folder: the databases go, not only their
    // contents.
    const databases = () =>
      popup.evaluate(async () => (await indexedDB.databases()).map((db) => db.name));
    // The staff database went with them: "I am scheme staff" at joining left it empty.
    const erasedNames = ['umn-alerts', 'umn-drafts', 'umn-outbox', 'umn-staff'];
    expect(await databases()).toContain('umn-alerts');
    await popup.getByTestId('tab-settings').click();
    await popup.getByTestId('leave-start').click();
    const step = popup.getByTestId('leave-confirm-step');
    await step.waitFor({ timeout: 10_000 });
    expect(await step.textContent()).toContain('report drafts');
    await step.scrollIntoViewIfNeeded();
    await popup.screenshot({ path: `${shots}/popup-leave-confirm.png` });

    // A second popup left open with a check answered, as in another window.
    const other = await openPopup();
    await check(other, '07700 900123');

    await popup.getByTestId('leave-confirm').click();
    // Either outcome ends the wait: onboarding, or the popup saying erasing failed.
    await popup
      .locator('[data-testid="invite-code"], [data-testid="leave-failed"]')
      .first()
      .waitFor({ timeout: 30_000 });
    expect(await popup.getByTestId('leave-failed').count()).toBe(0);
    const origins = await popup.evaluate(
      async () =>
        (
          await (
            globalThis as unknown as {
              chrome: { permissions: { getAll(): Promise<{ origins?: string[] }> } };
            }
          ).chrome.permissions.getAll()
        ).origins ?? [],
    );
    expect(origins).toEqual([]);
    // The service worker erases once more after a pull in flight: storage ends up empty.
    await expect
      .poll(() =>
        popup.evaluate(async () =>
          Object.keys(
            await (
              globalThis as unknown as {
                chrome: { storage: { local: { get(k: null): Promise<object> } } };
              }
            ).chrome.storage.local.get(null),
          ),
        ),
      )
      .toEqual([]);
    // Deleted while this popup, its index worker and the service worker held it open.
    expect((await databases()).filter((name) => erasedNames.includes(name!))).toEqual([]);
    // The other popup empties itself: no answer left on its screen, nothing to check with.
    await other.getByTestId('left-elsewhere').waitFor({ timeout: 20_000 });
    expect(await other.getByTestId('check-result').count()).toBe(0);
    expect(await other.locator('body').textContent()).not.toContain('7700');
    await other.close();

    await popup.reload();
    await popup.getByTestId('invite-code').waitFor({ timeout: 20_000 });
    // Nothing opened it again (which would create it).
    expect((await databases()).filter((name) => erasedNames.includes(name!))).toEqual([]);
    await popup.close();
  });
});
