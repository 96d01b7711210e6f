import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIREFOX, launchFirefox } from '../support/firefox.js';
import { scannerPage } from './extension-pages.js';

/**
 * Firefox ESR (from apt, driven by puppeteer-core over WebDriver BiDi): the Firefox MV3 build
 * installs, and the page scanner (the content script's own source, bundled with the service
 * worker's reading half as it would run in the extension) flags the test page correctly in
 * Gecko. Firefox's extension pages cannot be driven this way (BROWSER-TESTING.md), so turning a
 * site on through the popup is covered in Chromium only. Skipped when Firefox ESR is absent.
 */

const repo = resolve(import.meta.dirname, '../..');

const ENTRY = `
import { createPageScanner } from './shared/page-scan/page-scanner.ts';
import { identifyTexts } from './shared/page-scan/identify-texts.ts';
const labels = { title: 'Reported by your scheme', where: 'Where', when: 'When', schemeWords: 'Words', close: 'Close' };
const words = { severity: 'Critical', severityCode: 'critical', what: 'Robbery', where: 'Newcastle', when: '', age: '', advice: ['Do not book this client.'], description: '' };
const flagged = new Set(['+447700900123', 'client@example.com']);
window.__scanner = createPageScanner({
  doc: document,
  identify: async (request) => identifyTexts(request, (ids) => ids.map((id) => (flagged.has(id.value) ? [words] : [])), labels),
});
window.__scanned = window.__scanner.start();
`;

let work: string;
let extensionDir: string;
let server: Server;
let siteUrl: string;
let firefox: Browser;

describe.skipIf(!existsSync(FIREFOX))('Firefox ESR', () => {
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'umn-firefox-'));
    execFileSync('npx', ['wxt', 'build', '-b', 'firefox', '--mv3'], {
      cwd: repo,
      stdio: 'ignore',
      env: { ...process.env, UMN_OUT_DIR: join(work, 'build') },
    });
    extensionDir = join(work, 'build', 'firefox-mv3');

    const bundle = await build({
      stdin: { contents: ENTRY, resolveDir: repo, loader: 'ts' },
      bundle: true,
      write: false,
      format: 'iife',
      logLevel: 'silent',
    });
    const script = bundle.outputFiles[0]!.text;
    server = createServer((request, response) => {
      if (request.url === '/scanner.js') {
        response.writeHead(200, { 'content-type': 'text/javascript' });
        return void response.end(script);
      }
      // The Firefox build's own files (the popup's index worker and its chunks).
      if (request.url?.startsWith('/build/')) {
        const file = join(extensionDir, request.url.slice('/build/'.length));
        if (!file.startsWith(extensionDir) || !existsSync(file)) {
          response.writeHead(404);
          return void response.end();
        }
        response.writeHead(200, { 'content-type': 'text/javascript' });
        return void response.end(readFileSync(file));
      }
      if (request.url === '/worker.html') {
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        return void response.end('<!doctype html><title>index worker</title>');
      }
      const page = scannerPage(request.url ?? '/');
      response.writeHead(page ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
      response.end(page?.replace('</body>', '<script src="/scanner.js"></script></body>') ?? '');
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    siteUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    firefox = await launchFirefox();
  });

  afterAll(async () => {
    await firefox?.close();
    await new Promise((done) => server?.close(done));
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('installs the Firefox MV3 build', async () => {
    expect(await firefox.installExtension(extensionDir)).toBe('network@uglymugs.example.org');
  });

  it('flags the page like Chromium does and leaves fields and editable areas alone', async () => {
    const page = await firefox.newPage();
    await page.setViewport({ width: 1000, height: 900 });
    await page.goto(`${siteUrl}/messages.html`);
    await page.waitForFunction(() => document.querySelectorAll('[data-umn-flag]').length >= 4, {
      timeout: 20_000,
    });

    const flagged = await page.evaluate(() =>
      [...document.querySelectorAll('[data-umn-flag]')].map((e) => e.id),
    );
    expect(flagged).toEqual(expect.arrayContaining(['plain', 'split', 'tel-link', 'email']));
    for (const untouched of ['field', 'editable', 'unrelated', 'other-number']) {
      expect(flagged).not.toContain(untouched);
    }
    expect(
      await page.evaluate(
        () =>
          !!document.querySelector('#shadow-host')!.shadowRoot!.querySelector('[data-umn-flag]'),
      ),
    ).toBe(true);

    await page.evaluate(() => (window as unknown as { addMessage(): void }).addMessage());
    await page.waitForFunction(() => !!document.querySelector('#late [data-umn-flag]'), {
      timeout: 10_000,
    });

    await page.hover('#plain');
    await page.waitForFunction(() => !!document.querySelector('umn-alert-card[data-open]'));
    await page.screenshot({ path: 'test-results/extension/firefox-page-flagged.png' });
    await page.close();
  });

  it("runs the popup's index worker as built for Firefox, over IndexedDB", async () => {
    // Firefox's extension pages cannot be driven here: the worker file of the Firefox build is
    // loaded by an ordinary page instead, and asked what the popup asks it.
    const worker = readdirSync(join(extensionDir, 'assets')).find((f) =>
      f.startsWith('index-worker-'),
    );
    expect(worker).toBeDefined();
    const page = await firefox.newPage();
    await page.goto(`${siteUrl}/worker.html`);
    const replies = await page.evaluate(async (url) => {
      const indexWorker = new Worker(url, { type: 'module' });
      const ask = (request: object) =>
        new Promise((done, fail) => {
          indexWorker.onmessage = (event) => done(event.data);
          indexWorker.onerror = () => fail(new Error('the worker failed'));
          indexWorker.postMessage(request);
        });
      const started = await ask({ id: 0, type: 'start' });
      const checked = await ask({
        id: 1,
        type: 'check',
        identifiers: [{ kind: 'phone', value: '+447700900123' }],
        now: Date.now(),
      });
      indexWorker.terminate();
      return [started, checked];
    }, `/build/assets/${worker}`);
    // An empty store: its index is built, and a number is a certain "no reports".
    expect(replies).toEqual([
      { id: 0, ok: true },
      { id: 1, ok: true, answer: { alerts: [], complete: true } },
    ]);
    await page.close();
  });
});
