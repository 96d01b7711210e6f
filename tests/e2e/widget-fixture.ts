import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { fromBase64UrlExact } from '../../shared/encoding/bytes.js';
import { unlockStaffVault } from '../../shared/protocol/staff-vault.js';
import type { SchemeSecrets } from '../../shared/protocol/keys.js';
import { createRelayClient } from '../../shared/relay-client.js';
import { addScheme, initNetwork, openStore } from '../../server/operator/index.js';
import { startRelay, type RunningRelay } from '../../server/relay.js';
import type { RelayStore } from '../../server/store/relay-store.js';
import { buildWidget, type WidgetBuild } from '../../widget/build.js';
import { CHROMIUM_ARGS } from '../support/browser.js';

/**
 * The widget's browser-test world, all on 127.0.0.1: a freshly built widget, a real relay on
 * SQLite with one scheme, and a host site serving test pages (plain, hostile CSS, strict CSP,
 * a neutral quick-exit page). Every request the site receives is recorded.
 */

/** Host page variants. */
export type PageVariant = 'plain' | 'hostile' | 'csp';

/** The relay and host site of the world, for a test that brings its own browser. */
export type WidgetHost = Omit<WidgetWorld, 'browser'>;

/** The running world. */
export interface WidgetWorld {
  relay: RunningRelay;
  siteUrl: string;
  rootKey: string;
  build: WidgetBuild;
  /** Staff secrets of the scheme (to list reports and post replies as staff would). */
  secrets: SchemeSecrets;
  /** A browser to open contexts in. */
  browser: Browser;
  /** URL of a host page embedding the widget. */
  pageUrl(variant: PageVariant, options?: { lang?: string }): string;
  /** The reports the relay holds for the scheme. */
  storedReports(): Promise<number>;
  close(): Promise<void>;
}

/** Scheme id used by every widget test. */
export const SCHEME = 'north-east';

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/** Starts the world: build, network, relay, site, browser. */
export async function startWidgetWorld(): Promise<WidgetWorld> {
  const host = await startWidgetHost();
  const browser = await chromium
    .launch({
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: [...CHROMIUM_ARGS],
    })
    .catch(async (error: unknown) => {
      await host.close();
      throw error;
    });

  return {
    ...host,
    browser,
    async close() {
      await browser.close().catch(() => {});
      await host.close();
    },
  };
}

/** Starts the world without a browser: build, network, relay, site. */
export async function startWidgetHost(): Promise<WidgetHost> {
  const work = mkdtempSync(join(tmpdir(), 'umn-widget-'));
  const build = await buildWidget(join(work, 'widget'));
  const network = await initNetwork(join(work, 'network'), 'Widget test network');
  const store: RelayStore = await openStore({ sqlitePath: join(work, 'relay.sqlite') });
  const { passphrase } = await addScheme(join(work, 'network'), store, {
    id: SCHEME,
    name: 'North East Ugly Mugs',
    regions: ['north-east'],
  });
  const relay = await startRelay({
    rootPublicKey: fromBase64UrlExact(network.rootPublicKey, 32)!,
    store,
    rateRules: {
      report: { burst: 1000, perMinute: 1000 },
      redeem: { burst: 10, perMinute: 10 },
      read: { burst: 5000, perMinute: 5000 },
    },
  });
  const client = createRelayClient(relay.url);
  const { vaults } = await client.staffVaults(SCHEME);
  const unlocked = await unlockStaffVault(vaults[0], passphrase);
  if (!unlocked.ok) throw new Error('The test scheme did not unlock.');

  const site = await startSite(build.outdir, relay.url, network.rootPublicKey);

  return {
    relay,
    siteUrl: site.url,
    rootKey: network.rootPublicKey,
    build,
    secrets: unlocked.secrets,
    pageUrl: (variant, options = {}) =>
      `${site.url}/${variant}.html${options.lang ? `?lang=${options.lang}` : ''}`,
    storedReports: async () => (await client.listReports(unlocked.secrets)).reports.length,
    async close() {
      await new Promise<void>((done) => site.server.close(() => done()));
      await relay.close();
      await store.close();
      rmSync(work, { recursive: true, force: true });
    },
  };
}

/** A page whose every request is recorded (to prove the widget talks only to the relay). */
export async function openPage(
  context: BrowserContext,
  url: string,
): Promise<{ page: Page; requests: string[]; consoleErrors: string[] }> {
  const page = await context.newPage();
  const requests: string[] = [];
  const consoleErrors: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  await page.goto(url);
  await page.locator('ugly-mugs-report').getByTestId('next').waitFor({ timeout: 15_000 });
  return { page, requests, consoleErrors };
}

function startSite(widgetDir: string, relayUrl: string, rootKey: string) {
  const relayOrigin = new URL(relayUrl).origin;
  const strictCsp = [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    `connect-src ${relayOrigin}`,
    "img-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');

  const server: Server = createServer((request: IncomingMessage, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname;
    if (path.startsWith('/widget/')) {
      const file = normalize(join(widgetDir, path.slice('/widget/'.length)));
      if (!file.startsWith(resolve(widgetDir))) return void response.writeHead(404).end();
      try {
        const body = readFileSync(file);
        response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'text/plain' });
        return void response.end(body);
      } catch {
        return void response.writeHead(404).end();
      }
    }
    if (path === '/favicon.ico') return void response.writeHead(204).end();
    if (path === '/neutral.html') {
      response.writeHead(200, { 'content-type': TYPES['.html']! });
      return void response.end('<!doctype html><title>Weather</title><h1>Weather</h1>');
    }
    if (path === '/host.css') {
      response.writeHead(200, { 'content-type': TYPES['.css']! });
      return void response.end(HOSTILE_CSS);
    }
    if (path === '/csp-watch.js') {
      response.writeHead(200, { 'content-type': TYPES['.js']! });
      return void response.end(CSP_WATCH);
    }
    const variant = /^\/(plain|hostile|csp)\.html$/.exec(path)?.[1] as PageVariant | undefined;
    if (!variant) return void response.writeHead(404).end();

    const lang = url.searchParams.get('lang');
    const html = hostPage(
      variant,
      relayUrl,
      rootKey,
      lang && /^[a-zA-Z-]{2,8}$/.test(lang) ? lang : null,
    );
    response.writeHead(200, {
      'content-type': TYPES['.html']!,
      ...(variant === 'csp' ? { 'content-security-policy': strictCsp } : {}),
    });
    response.end(html);
  });

  return new Promise<{ url: string; server: Server }>((done) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      done({ url: `http://127.0.0.1:${port}`, server });
    });
  });
}

/** Host CSS that tries everything to reach into the widget (and classes ours might leak to). */
const HOSTILE_CSS = `
* { color: #ff00ff !important; font: italic 30px/1 serif !important; letter-spacing: 3px !important; }
html { font-size: 6px !important; }
body { direction: rtl; background: #222 !important; }
button, input, label, select, textarea, fieldset { display: none !important; }
ugly-mugs-report { color: #00ff00 !important; }
.status, .field, .choice { padding: 40px !important; border: 9px solid red !important; }
p.host-probe { padding: 0; }
`;

const CSP_WATCH = `
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI);
});
`;

function hostPage(
  variant: PageVariant,
  relayUrl: string,
  rootKey: string,
  lang: string | null,
): string {
  const head =
    variant === 'hostile'
      ? '<link rel="stylesheet" href="/host.css">'
      : variant === 'csp'
        ? '<script src="/csp-watch.js"></script>'
        : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>North East Ugly Mugs: report</title>
${head}
<script type="module" src="/widget/ugly-mugs-report.js"></script>
</head>
<body>
<main>
<h1>Report a bad client</h1>
<p class="status host-probe" id="host-probe">The host page's own text.</p>
<ugly-mugs-report scheme="${SCHEME}" relay="${relayUrl}" root-key="${rootKey}"${lang ? ` lang="${lang}"` : ''} exit-url="/neutral.html"></ugly-mugs-report>
</main>
</body>
</html>`;
}
