import { build } from 'esbuild';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { buildWidget } from '../widget/build.js';
import type { BenchRow } from './bench-row.js';

/**
 * The widget's budgets, measured: what loads before the first render (gzipped) and how long the
 * first question takes to appear on a slow phone (Chromium with 4× CPU throttling and a
 * "slow 4G" network: 150 ms latency, 1.6 Mbit/s down). The baseline is the same widget built
 * as one eager bundle (no code splitting: crypto, relay client and phone parsing load up front),
 * measured in the same run.
 */

const RUNS = 5;
const ROOT_KEY = 'A'.repeat(43); // Any 32 bytes: the page never reaches a relay in this bench.

/** Rows for `npm run bench`. */
export async function benchWidget(): Promise<BenchRow[]> {
  const work = mkdtempSync(join(tmpdir(), 'umn-bench-widget-'));
  try {
    const split = await buildWidget(join(work, 'split'));
    const eagerDir = join(work, 'eager');
    await build({
      entryPoints: {
        'ugly-mugs-report': resolve(import.meta.dirname, '../widget/ugly-mugs-report.tsx'),
      },
      outdir: eagerDir,
      bundle: true,
      splitting: false,
      format: 'esm',
      minify: true,
      jsx: 'automatic',
      jsxImportSource: 'preact',
      logLevel: 'silent',
      define: { 'import.meta.env': 'undefined' },
    });
    const eagerGzip = gzipSync(readFileSync(join(eagerDir, 'ugly-mugs-report.js')), {
      level: 9,
    }).length;

    const splitServer = await serve(split.outdir);
    const eagerServer = await serve(eagerDir);
    const ours = await firstRender(splitServer.url);
    const baseline = await firstRender(eagerServer.url);
    splitServer.server.close();
    eagerServer.server.close();

    const kb = (bytes: number) => Math.round((bytes / 1024) * 10) / 10;
    return [
      {
        metric: 'widget: first load, gzipped',
        ours: kb(split.firstLoadGzip),
        baseline: kb(eagerGzip),
        unit: 'KB',
        method:
          'entry + static imports of the production build (gzip -9), vs one eager bundle; budget 25 KB',
      },
      {
        metric: 'widget: first question on screen, slow phone (median)',
        ours: median(ours),
        baseline: median(baseline),
        unit: 'ms',
        method: `navigation start → step 1 visible, Chromium 4× CPU throttle + 150 ms/1.6 Mbit/s, cold cache, ${RUNS} runs each`,
      },
    ];
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

async function firstRender(siteUrl: string): Promise<number[]> {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
    ],
  });
  const times: number[] = [];
  try {
    for (let run = 0; run < RUNS; run++) {
      const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
      await cdp.send('Network.emulateNetworkConditions', {
        offline: false,
        latency: 150,
        downloadThroughput: (1.6 * 1024 * 1024) / 8,
        uploadThroughput: (750 * 1024) / 8,
      });
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
      await page.goto(`${siteUrl}/`, { waitUntil: 'commit' });
      // Sampled in the page on every frame: the time the first checkbox exists in the shadow root.
      const shown = await page.waitForFunction(
        () => {
          const host = document.querySelector('ugly-mugs-report');
          const box = host?.shadowRoot?.querySelector('[data-testid="incident-robbery"]');
          return box ? performance.now() : false;
        },
        undefined,
        { polling: 'raf', timeout: 30_000 },
      );
      times.push(Math.round((await shown.jsonValue()) as number));
      await context.close();
    }
  } finally {
    await browser.close();
  }
  return times;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Report</title>
<script type="module" src="/widget/ugly-mugs-report.js"></script></head>
<body><main><ugly-mugs-report scheme="north-east" relay="http://127.0.0.1:9" root-key="${ROOT_KEY}"></ugly-mugs-report></main></body></html>`;

function serve(widgetDir: string): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    if (path === '/') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return void response.end(PAGE);
    }
    const file = normalize(join(widgetDir, path.replace(/^\/widget\//, '')));
    if (!path.startsWith('/widget/') || !file.startsWith(resolve(widgetDir))) {
      return void response.writeHead(404).end();
    }
    try {
      const body = readFileSync(file);
      response.writeHead(200, {
        'content-type': extname(file) === '.js' ? 'text/javascript' : 'application/octet-stream',
      });
      response.end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  return new Promise((done) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      done({
        url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
        server,
      });
    }),
  );
}
